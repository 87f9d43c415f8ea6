import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import { IdParams } from '../schemas.js';
import type { RouteOptions } from '../service.js';
import { openSse, SseQuerySchema } from '../sse.js';
import { sessionDetail } from '../views.js';

/** The stream, for the OpenAPI document. */
const stream = {
  200: {
    description: 'text/event-stream of `event:`/`id:`/`data:` frames',
    content: { 'text/event-stream': { schema: z.string() } },
  },
};

const description =
  'Server-sent events: `event:` type, `id:`, JSON `data:` (`{id, at, type, sessionId, data}`). The current state comes first ' +
  '(`event: state`, no id); `Last-Event-ID` (header or `?lastEventId=`) replays every stored event after it, also across restarts.';

/** SSE: every event (`/events`) or one session's (`/sessions/:id/events`). */
export const eventRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const m = ctx.manager;
  const sse = { heartbeatMs: ctx.config.sseHeartbeatMs, maxBufferBytes: ctx.config.sseMaxBufferBytes };

  r.get(
    '/events',
    {
      config: { role: 'viewer', sse: true },
      schema: {
        tags: ['events'],
        summary: 'All events (SSE)',
        description,
        querystring: SseQuerySchema,
        response: { ...stream, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      openSse(request, reply, m.events, ctx.hub, {
        ...sse,
        snapshot: { sessions: m.list(), lastEventId: m.events.lastId },
      });
    },
  );

  r.get(
    '/sessions/:id/events',
    {
      config: { role: 'viewer', sse: true },
      schema: {
        tags: ['events'],
        summary: "One session's events (SSE)",
        description,
        params: IdParams,
        querystring: SseQuerySchema,
        response: { ...stream, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const session = sessionDetail(m.get(id));
      openSse(request, reply, m.events, ctx.hub, {
        ...sse,
        snapshot: { session, lastEventId: m.events.lastId },
        filter: (e) => e.sessionId === id,
      });
    },
  );
};
