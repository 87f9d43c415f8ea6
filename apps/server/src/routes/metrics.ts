import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import type { RouteOptions } from '../service.js';

/** `GET /metrics`: Prometheus text format (viewer: Prometheus sends the key as `authorization: Bearer`). */
export const metricsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const { registry } = ctx.metrics;
  app.get(
    '/metrics',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['server'],
        summary: 'Prometheus metrics (text exposition format)',
        description:
          'Sessions by status, deliveries by outcome, state-detection latency, event-log lag, queued messages, HTTP latency by route, process metrics. Scrape with the key as a bearer token.',
        response: {
          200: {
            description: 'Prometheus text format 0.0.4',
            content: { 'text/plain': { schema: z.string() } },
          },
          ...errorResponses(401),
        },
      },
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
};
