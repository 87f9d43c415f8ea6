import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './errors.js';

/** Requests per key (by key id; the token as one key; by address when anonymous) and window; 429 `RATE_LIMITED` above. */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, opts: { max: number; windowMs: number }) => {
    await app.register(rateLimit, {
      max: opts.max,
      timeWindow: opts.windowMs,
      // runs after the auth hook (route hooks follow the app's), so the caller is known
      keyGenerator: (request) => {
        const p = request.principal;
        return p?.keyId ? `key:${p.keyId}` : p?.kind === 'token' ? 'token' : `ip:${request.ip}`;
      },
      errorResponseBuilder: (_request, c) =>
        new HttpError(
          'RATE_LIMITED',
          `rate limit exceeded: ${c.max} requests per ${c.after}; retry in ${Math.ceil(c.ttl / 1000)} s`,
          { retryAfterSeconds: Math.ceil(c.ttl / 1000) },
        ),
    });
  },
  { name: 'aegis-rate-limit', fastify: '5.x' },
);
