import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** True when no token is configured, or the request carried the right one. */
    authenticated: boolean;
  }
  interface FastifyContextConfig {
    /** Reachable without a token (the route then checks `request.authenticated` itself). */
    public?: boolean;
    /** An SSE route: the token may also come as `?token=` (browsers' EventSource cannot set headers). */
    sse?: boolean;
    /** Least role the route needs (issue #15; enforced by the roles work). */
    role?: 'public' | 'viewer' | 'operator' | 'admin';
  }
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison (both sides hashed first, so lengths never leak). */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function presented(request: FastifyRequest, allowQuery: boolean): string | null {
  const h = request.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(h);
    if (m) return m[1]!;
  }
  if (allowQuery) {
    const q = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof q === 'string' && q) return q;
  }
  return null;
}

/** Bearer-token auth for every route but the public ones; SSE routes also take `?token=`. */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { token: string | undefined }) => {
    app.decorateRequest('authenticated', false);
    app.addHook('onRequest', async (request) => {
      const token = opts.token;
      if (!token) {
        request.authenticated = true;
        return;
      }
      const config = request.routeOptions.config ?? {};
      const given = presented(request, config.sse === true);
      request.authenticated = given !== null && tokensEqual(given, token);
      if (!request.authenticated && config.public !== true) {
        throw new HttpError('UNAUTHORIZED', given === null ? 'missing bearer token (Authorization: Bearer <token>)' : 'invalid token');
      }
    });
  },
  { name: 'aegis-auth', fastify: '5.x' },
);
