import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, HttpError } from '../errors.js';
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
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
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

  r.delete(
    '/nodes/:node',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['fleet'],
        summary: 'Forget a node that is gone for good',
        description:
          'Removes a `down` node from the fleet; its live sessions end (`endReason: "vanished"`, each with a ' +
          '`session.ended` event) so they stop reading `unreachable`. Refused with 409 `NODE_UP` while the node heartbeats. A forgotten node that starts again ' +
          'joins as new and does not take those sessions back.',
        params: z.object({ node: z.string().min(1).max(200) }),
        response: {
          200: z.object({ node: z.string(), endedSessions: z.array(z.string()) }),
          ...errorResponses(401, 403, 404, 409, 503),
        },
      },
    },
    async (request) => {
      const { node } = request.params;
      if (node === ctx.nodeId) throw new HttpError('NODE_UP', `node "${node}" is the one answering`, { node });
      // a server without a shared database is a fleet of one: there is no other node to forget
      const out = ctx.fleet ? await ctx.fleet.forget(node) : null;
      if (out === null) throw new HttpError('NODE_NOT_FOUND', `no node "${node}" in the fleet`, { node });
      if (out === 'up') throw new HttpError('NODE_UP', `node "${node}" still heartbeats: stop it first`, { node });
      request.audit = { target: `node ${node}` };
      return { node, endedSessions: out.endedSessions };
    },
  );
};
