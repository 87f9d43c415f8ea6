import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import { apiRegistry } from '../registry.js';
import { RoleSchema } from '../roles.js';
import type { RouteOptions } from '../service.js';

const AuditEntrySchema = z
  .object({
    time: z.string(),
    key: z.string().describe('Key name, `token` or `anonymous`'),
    keyId: z.string().nullable(),
    role: RoleSchema.nullable(),
    method: z.string(),
    route: z.string(),
    sessionId: z.string().nullable(),
    target: z.string().nullable(),
    status: z.number(),
    requestId: z.string(),
  })
  .describe('AuditEntry');
apiRegistry.add(AuditEntrySchema, { id: 'AuditEntry' });

const AuditQuerySchema = z.object({
  since: z.iso.datetime({ offset: true }).optional().describe('Entries at or after this time (ISO 8601)'),
  key: z.string().max(64).optional().describe('Key name, `token` or `anonymous`'),
  session: z.string().max(128).optional().describe('Session id'),
  route: z.string().max(200).optional().describe('Route pattern prefix (`/v1/keys`, `/v1/sessions/:id`)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `GET /v1/audit` (admin): the audit trail of every call that changed something, newest first. */
export const auditRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'The audit log: every mutating call (who, route, session, status), newest first',
        querystring: AuditQuerySchema,
        response: { 200: z.object({ entries: z.array(AuditEntrySchema) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { since, ...q } = request.query;
      return { entries: await ctx.audit.query({ ...q, ...(since ? { since: Date.parse(since) } : {}) }) };
    },
  );
};
