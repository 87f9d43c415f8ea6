import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import { IdParams, ReadQuerySchema, ReadSchema } from '../schemas.js';
import type { RouteOptions } from '../service.js';

const list = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

/** Reads that never consume: the parsed transcript (stable cursors), its summary, the pane's text. */
export const transcriptRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const m = ctx.manager;

  r.get(
    '/sessions/:id/read',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['transcript'],
        summary: 'A page of the parsed transcript (oldest first, stable cursors, never consuming)',
        params: IdParams,
        querystring: ReadQuerySchema,
        response: { 200: ReadSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      const status = m.get(id).status;
      const roles = list(q.roles);
      const kinds = list(q.kinds);
      const page = await m.transcript(id, {
        limit: q.limit,
        ...(q.after ? { after: q.after } : {}),
        ...(q.before ? { before: q.before } : {}),
        ...(roles ? { roles: roles as never } : {}),
        ...(kinds ? { kinds: kinds as never } : {}),
      });
      const entries = page.entries;
      return { sessionId: id, status, ...page, entries, cursor: entries.at(-1)?.id ?? q.after ?? null };
    },
  );

  r.get(
    '/sessions/:id/summary',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['transcript'],
        summary: 'Counts, tools, usage and the last messages',
        params: IdParams,
        response: {
          200: z.looseObject({ sessionId: z.string(), status: z.string() }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const s = m.get(id);
      const summary = await m.summary(id);
      return { ...summary, claudeSessionId: summary.sessionId, sessionId: id, status: s.status };
    },
  );

  r.get(
    '/sessions/:id/pane',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['transcript'],
        summary: "The terminal screen's text",
        params: IdParams,
        response: {
          200: z.object({ sessionId: z.string(), status: z.string(), pane: z.string() }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const s = m.get(id);
      return { sessionId: id, status: s.status, pane: await m.pane(id) };
    },
  );
};
