import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditLog } from './audit-log.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What a handler adds to its audit entry (the session it created, the key it made). */
    audit: { sessionId?: string; target?: string } | null;
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function ids(request: FastifyRequest): { sessionId: string | null; target: string | null } {
  const route = request.routeOptions.url ?? '';
  const id = (request.params as Record<string, unknown> | undefined)?.id;
  const param = typeof id === 'string' ? id : null;
  const onSession = /^(\/v1)?\/sessions\/:id/.test(route);
  return {
    sessionId: request.audit?.sessionId ?? (onSession ? param : null),
    target: request.audit?.target ?? (onSession ? null : param),
  };
}

/** Appends every call of a route that changes something (any method but GET/HEAD/OPTIONS), refused ones included. */
export const auditPlugin = fp(
  async (app: FastifyInstance, opts: { log: AuditLog }) => {
    app.decorateRequest('audit', null);
    app.addHook('onResponse', async (request, reply) => {
      if (READS.has(request.method) || !request.routeOptions.config?.role) return;
      const p = request.principal;
      try {
        await opts.log.append({
          time: new Date().toISOString(),
          key: p?.name ?? 'anonymous',
          keyId: p?.keyId ?? null,
          role: p?.role ?? null,
          method: request.method,
          route: request.routeOptions.url ?? request.url,
          ...ids(request),
          status: reply.statusCode,
          requestId: String(request.id),
        });
      } catch (e) {
        request.log.error({ err: e }, 'the audit log could not be written');
      }
    });
  },
  { name: 'aegis-audit', fastify: '5.x' },
);
