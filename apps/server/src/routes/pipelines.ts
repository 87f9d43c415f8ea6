import { PipelineInfoSchema, PipelineSpecSchema } from '@aegis/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import { apiRegistry } from '../registry.js';
import type { RouteOptions } from '../service.js';

const PipelineParams = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/)
    .describe('Pipeline id'),
});
const PipelineSchema = PipelineInfoSchema.describe('Pipeline');
const CreateBody = PipelineSpecSchema.describe('PipelineSpec');
const ListQuery = z.object({
  status: z.string().max(200).optional().describe('Comma-separated statuses: running, succeeded, failed, cancelled'),
});
const CancelBody = z
  .strictObject({
    keepSessions: z
      .boolean()
      .optional()
      .describe('Interrupt the running stages but keep their sessions (default: kill them)'),
  })
  .nullish();
apiRegistry.add(PipelineSchema, { id: 'Pipeline' });
apiRegistry.add(CreateBody, { id: 'PipelineSpec' });

const tags = ['pipelines'];

/** Pipelines: create, list, get, cancel (core's `manager.pipelines`). */
export const pipelineRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pipelines = () => ctx.manager.pipelines;

  r.post(
    '/pipelines',
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary: 'Create a pipeline: stages (sessions) as a dependency graph; 400 on a cycle or unknown dependency',
        body: CreateBody,
        response: { 201: PipelineSchema, ...errorResponses(400, 401, 403, 413, 503) },
      },
    },
    async (request, reply) => {
      const p = await pipelines().create(request.body);
      reply.code(201);
      return p;
    },
  );

  r.get(
    '/pipelines',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'List pipelines (newest first)',
        querystring: ListQuery,
        response: { 200: z.object({ pipelines: z.array(PipelineSchema) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const statuses = request.query.status ? new Set(request.query.status.split(',').map((s) => s.trim())) : null;
      return {
        pipelines: pipelines()
          .list()
          .filter((p) => !statuses || statuses.has(p.status)),
      };
    },
  );

  r.get(
    '/pipelines/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'One pipeline with its stages',
        params: PipelineParams,
        response: { 200: PipelineSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => pipelines().get(request.params.id),
  );

  r.post(
    '/pipelines/:id/cancel',
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary:
          'Cancel a pipeline: unfinished stages are cancelled, their sessions killed (or interrupted with keepSessions); a finished pipeline is returned as it is',
        params: PipelineParams,
        body: CancelBody,
        response: { 200: PipelineSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => pipelines().cancel(request.params.id, { keepSessions: request.body?.keepSessions ?? false }),
  );
};
