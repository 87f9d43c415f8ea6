import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../service.js';

/** `GET /v1/openapi.json`: the OpenAPI 3.1 document generated from the routes' zod schemas. */
export const openapiRoutes: FastifyPluginAsync<RouteOptions> = async (app) => {
  app.get(
    '/openapi.json',
    { config: { role: 'viewer' }, schema: { tags: ['server'], summary: 'This API as OpenAPI 3.1' } },
    async () => app.swagger(),
  );
};
