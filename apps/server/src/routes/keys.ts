import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, HttpError } from '../errors.js';
import { generateKey, type KeyInfo } from '../key-store.js';
import { apiRegistry } from '../registry.js';
import { RoleSchema } from '../roles.js';
import type { RouteOptions } from '../service.js';

const KeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    prefix: z.string().describe('The first characters of the key, to recognise it'),
    createdAt: z.number(),
    lastUsedAt: z.number().nullable().describe('To the minute'),
  })
  .describe('ApiKey');
apiRegistry.add(KeySchema, { id: 'ApiKey' });
const CreatedKeySchema = KeySchema.extend({
  key: z.string().describe('The key: shown this once, only its hash is kept'),
});
const CreateBody = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .describe('A unique name (who or what uses the key)'),
  role: RoleSchema,
});
const KeyParams = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/)
    .describe('Key id or name'),
});

const tags = ['keys'];
const admin = { role: 'admin' as const };

/** API keys (admin): create (the key is shown once), list, revoke. */
export const keyRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const keys = ctx.keys;

  /** Without AEGIS_AUTH_TOKEN, keys without an admin among them would leave nobody able to manage keys. */
  const keepAnAdmin = (after: KeyInfo[]) => {
    if (ctx.config.authToken || after.length === 0 || after.some((k) => k.role === 'admin')) return;
    throw new HttpError(
      'KEY_CONFLICT',
      'there would be keys but no admin key, and no AEGIS_AUTH_TOKEN: nobody could manage keys; create an admin key first',
      {},
    );
  };

  r.post(
    '/keys',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create an API key: the key is in this answer only',
        body: CreateBody,
        response: { 201: CreatedKeySchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { name, role } = request.body;
      keepAnAdmin([...(await keys.list()), { role } as KeyInfo]);
      const g = generateKey();
      const info = await keys.add({ name, role, hash: g.hash, prefix: g.prefix, createdAt: ctx.now() });
      request.audit = { target: info.id };
      reply.code(201);
      return { ...info, key: g.key };
    },
  );

  r.get(
    '/keys',
    {
      config: admin,
      schema: {
        tags,
        summary: 'List API keys (never the keys themselves)',
        response: { 200: z.object({ keys: z.array(KeySchema) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ keys: await keys.list() }),
  );

  r.delete(
    '/keys/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Revoke an API key (by id or name): it stops working at once',
        params: KeyParams,
        response: { 200: KeySchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const all = await keys.list();
      const victim = all.find((k) => k.id === id) ?? all.find((k) => k.name === id);
      if (!victim) throw new HttpError('KEY_NOT_FOUND', `no key ${id}`, { id });
      keepAnAdmin(all.filter((k) => k !== victim));
      request.audit = { target: victim.id };
      const removed = await keys.remove(victim.id);
      if (!removed) throw new HttpError('KEY_NOT_FOUND', `no key ${id}`, { id });
      return removed;
    },
  );
};
