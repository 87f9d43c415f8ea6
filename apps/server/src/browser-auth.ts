import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The cookie the dashboard keeps its key in (HttpOnly, SameSite=Strict: scripts cannot read it, other sites cannot send it). */
export const KEY_COOKIE = 'aegis_key';

/**
 * Lets a browser authenticate with the key cookie set by `POST /v1/session-cookie`: a request without an
 * `Authorization` header but with the cookie is treated as `Authorization: Bearer <cookie>`, so whichever auth
 * plugin runs next (one token, or keys with roles) checks it the same way. Register it before the auth plugin.
 */
export const browserAuthPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
    app.addHook('onRequest', async (request) => {
      const key = request.cookies[KEY_COOKIE];
      if (key && request.headers.authorization === undefined) request.headers.authorization = `Bearer ${key}`;
    });
  },
  { name: 'aegis-browser-auth', fastify: '5.x' },
);
