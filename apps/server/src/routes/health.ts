import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import { IdParams } from '../schemas.js';
import type { RouteOptions } from '../service.js';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string().optional(),
  uptimeMs: z.number().optional(),
  sessions: z.object({ active: z.number(), total: z.number() }).optional(),
  tmux: z.object({ available: z.boolean(), version: z.string().nullable() }).optional(),
  claude: z.object({ available: z.boolean(), path: z.string().nullable(), version: z.string().nullable() }).optional(),
  storage: z
    .object({ ok: z.boolean(), error: z.string().nullable() })
    .optional()
    .describe('Can the state folder (or the database) be written (sends are refused while not)'),
});

const SessionHealthSchema = z.object({
  alive: z.boolean(),
  windowExists: z.boolean(),
  claudeRunning: z.boolean(),
  status: z.string(),
  lastActivity: z.number(),
  hints: z.array(z.string()),
});

/** `GET /v1/health` (public: only `{status}` without a key) and `GET /v1/sessions/:id/health`. */
export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/health',
    {
      config: { role: 'public' },
      schema: { tags: ['server'], summary: 'Server health', response: { 200: HealthSchema } },
    },
    async (request) => {
      const local = ctx.manager.storage();
      const storeError = ctx.fleet?.storeError ?? null;
      const storage = storeError ? { ok: false, error: `the database: ${storeError}` } : local;
      const status = ctx.environment.tmux.available && storage.ok ? ('ok' as const) : ('degraded' as const);
      if (!request.principal) return { status };
      const all = ctx.manager.list();
      return {
        status,
        version: ctx.environment.version,
        uptimeMs: ctx.now() - ctx.startedAt,
        sessions: { active: all.filter((s) => s.endedAt === null).length, total: all.length },
        tmux: ctx.environment.tmux,
        claude: ctx.environment.claude,
        storage,
      };
    },
  );
  r.get(
    '/sessions/:id/health',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['sessions'],
        summary: 'Is the session alive, and what to do next',
        params: IdParams,
        response: { 200: SessionHealthSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ctx.manager.health(request.params.id),
  );
};
