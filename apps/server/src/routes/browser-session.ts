import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KEY_COOKIE } from '../browser-auth.js';
import { errorResponses } from '../errors.js';
import type { RouteOptions } from '../service.js';

const WhoAmISchema = z.object({
  role: z.enum(['public', 'viewer', 'operator', 'admin']).describe('What this caller may do'),
  authRequired: z.boolean().describe('Whether the server asks for a key (false: loopback without keys)'),
});

/** The dashboard's sign-in: the key goes into an HttpOnly cookie once, never into a URL. */
export const browserSessionRoutes: FastifyPluginAsync<RouteOptions> = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // an open server (no token, no keys: loopback only) calls everyone `anonymous`
  const authRequired = (request: FastifyRequest) => request.principal?.kind !== 'anonymous';
  const whoami = (request: FastifyRequest) => ({
    role: request.principal?.role ?? ('public' as const),
    authRequired: authRequired(request),
  });

  r.post(
    '/session-cookie',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['server'],
        summary:
          'Keep the presented key (Authorization: Bearer) in an HttpOnly, SameSite=Strict cookie for the dashboard',
        response: { 200: WhoAmISchema, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (m && authRequired(request)) {
        reply.setCookie(KEY_COOKIE, m[1]!, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
        });
      }
      return whoami(request);
    },
  );

  r.delete(
    '/session-cookie',
    {
      config: { role: 'public' },
      schema: {
        tags: ['server'],
        summary: "Forget the dashboard's key cookie (sign out)",
        response: { 204: z.null() },
      },
    },
    async (_request, reply) => {
      reply.clearCookie(KEY_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/whoami',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['server'],
        summary: "The caller's role (401 when a key is needed)",
        response: { 200: WhoAmISchema, ...errorResponses(401) },
      },
    },
    async (request) => whoami(request),
  );
};
