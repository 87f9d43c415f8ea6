import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import { selfNode } from '../fleet/self-node.js';
import type { RouteOptions } from '../service.js';

export const NodeSchema = z
  .object({
    id: z.string(),
    url: z.string().describe('How the other nodes reach it'),
    labels: z.array(z.string()),
    sessions: z.number().describe('Live sessions it runs'),
    load: z.number().describe('1-minute load average per core'),
    version: z.string(),
    startedAt: z.number(),
    heartbeatAgeMs: z.number().describe("Since its last heartbeat, by the database's clock"),
    status: z.enum(['up', 'down']).describe('`down` after 10 s without a heartbeat'),
  })
  .describe('Node');

const NodeListSchema = z.object({
  self: z.string().describe('The node that answered'),
  leader: z.string().nullable().describe("The node that schedules the fleet's pipelines (null: being elected)"),
  nodes: z.array(NodeSchema),
});

/** The fleet's nodes (a server without a shared database is a fleet of one). */
export const nodeRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/nodes',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['fleet'],
        summary: 'The nodes of the fleet, with their heartbeat and load',
        response: { 200: NodeListSchema, ...errorResponses(401) },
      },
    },
    async () =>
      ctx.fleet
        ? { self: ctx.nodeId, leader: (await ctx.fleet.leader())?.id ?? null, nodes: await ctx.fleet.nodes() }
        : { self: ctx.nodeId, leader: ctx.nodeId, nodes: [selfNode(ctx)] },
  );
};
