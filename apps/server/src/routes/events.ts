import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import { IdParams } from '../schemas.js';
import type { RouteContext, RouteOptions } from '../service.js';
import { openSse, SseQuerySchema } from '../sse.js';
import { sessionDetail } from '../views.js';
import { remoteSessionInfo } from '../fleet/fleet.js';
import { remoteSessionDetail } from '../fleet/remote-detail.js';

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
      const events = ctx.fleet?.events ?? m.events;
      const remote = ctx.fleet ? (await ctx.fleet.remoteSessions()).map(remoteSessionInfo) : [];
      const sessions = [...m.list().map((s) => ({ ...s, node: ctx.nodeId })), ...remote];
      openSse(request, reply, events, ctx.hub, { ...sse, snapshot: { sessions, lastEventId: events.lastId } });
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
      const events = ctx.fleet?.events ?? m.events;
      const session = await detailAnywhere(ctx, id);
      openSse(request, reply, events, ctx.hub, {
        ...sse,
        snapshot: { session, lastEventId: events.lastId },
        filter: (e) => e.sessionId === id,
      });
    },
  );
};

/** This node's session, else another node's from the shared store (a session's events stream from any node). */
async function detailAnywhere(ctx: RouteContext, id: string) {
  try {
    return { ...sessionDetail(ctx.manager.get(id)), node: ctx.nodeId };
  } catch (e) {
    const remote = await ctx.fleet?.remote(id);
    if (!remote) throw e;
    return remoteSessionDetail(remote);
  }
}
