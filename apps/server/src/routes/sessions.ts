import { AegisError } from '@aegis/core';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { errorResponses } from '../errors.js';
import {
  BatchBodySchema,
  BatchResultSchema,
  CreateBodySchema,
  CreatedSchema,
  DeleteQuerySchema,
  IdParams,
  ListQuerySchema,
  ListSchema,
  OkSchema,
  SessionDetailSchema,
} from '../schemas.js';
import type { RouteContext, RouteOptions } from '../service.js';
import { awaitDelivery, sessionDetail } from '../views.js';
import { remoteSessionInfo } from '../fleet/fleet.js';
import { placeSession } from '../fleet/placement.js';
import { selfNode } from '../fleet/self-node.js';
import { createBatchAnywhere } from '../fleet/batch.js';

/** Creates (or reuses) a session; 201 new, 200 reused. Shared by `/v1/sessions` and the seed's `/sessions`. */
export async function createSession(ctx: RouteContext, body: z.output<typeof CreateBodySchema>, reply: FastifyReply) {
  const { promptWaitMs, node, labels, ...input } = body;
  // a fleet places the session before this (fleet/forward-plugin.ts); alone, only this node can match
  if (!ctx.fleet && (node !== undefined || labels?.length)) placeSession([selfNode(ctx)], { node, labels }, ctx.nodeId);
  const r = await ctx.manager.create(input);
  const promptDelivery = r.prompt
    ? await awaitDelivery(ctx.manager, r.session.id, r.prompt, promptWaitMs ?? ctx.config.promptWaitMs)
    : null;
  let session = r.session;
  try {
    session = ctx.manager.get(r.session.id);
  } catch {
    /* ended meanwhile: report what create returned */
  }
  reply.code(r.reused ? 200 : 201);
  reply.request.audit = { sessionId: r.session.id };
  return { ...session, node: ctx.nodeId, reused: r.reused, promptDelivery };
}

export const createRouteSchema = {
  tags: ['sessions'],
  summary: 'Create a session (or reuse an idle one in the same workDir)',
  body: CreateBodySchema,
  response: { 201: CreatedSchema, 200: CreatedSchema, ...errorResponses(400, 401, 403, 409, 413, 502, 503) },
};

/** Sessions: create, list, get, delete, batch. */
export const sessionRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const m = ctx.manager;

  r.post('/sessions', { config: { role: 'operator' }, schema: createRouteSchema }, async (request, reply) =>
    createSession(ctx, request.body, reply),
  );

  r.get(
    '/sessions',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['sessions'],
        summary: 'List sessions (newest first)',
        querystring: ListQuerySchema,
        response: { 200: ListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { status, project, page, limit } = request.query;
      const statuses = status ? new Set(status.split(',').map((s) => s.trim())) : null;
      const needle = project?.toLowerCase();
      const remote = ctx.fleet ? (await ctx.fleet.remoteSessions()).map(remoteSessionInfo) : [];
      const all = [...m.list().map((s) => ({ ...s, node: ctx.nodeId })), ...remote]
        .filter((s) => (!statuses || statuses.has(s.status)) && (!needle || s.workDir.toLowerCase().includes(needle)))
        .sort((a, b) => b.createdAt - a.createdAt);
      const sessions = all.slice((page - 1) * limit, page * limit).map((s) => ({ ...s }));
      return { sessions, pagination: { page, limit, total: all.length, totalPages: Math.ceil(all.length / limit) } };
    },
  );

  r.post(
    '/sessions/batch',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['sessions'],
        summary: 'Create up to 50 sessions',
        body: BatchBodySchema,
        response: { 201: BatchResultSchema, ...errorResponses(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const sessions = await createBatchAnywhere(ctx, request, request.body.sessions);
      reply.code(201);
      return { sessions, created: sessions.filter((x) => x.ok).length, failed: sessions.filter((x) => !x.ok).length };
    },
  );

  r.get(
    '/sessions/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['sessions'],
        summary: 'One session, with its pending prompt and action hints',
        params: IdParams,
        response: { 200: SessionDetailSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({ ...sessionDetail(m.get(request.params.id)), node: ctx.nodeId }),
  );

  r.delete(
    '/sessions/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['sessions'],
        summary:
          'Kill a session (Claude, its processes, the tmux window); `removeWorktree` also removes its worktree (the branch stays)',
        params: IdParams,
        querystring: DeleteQuerySchema,
        response: { 200: OkSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const ended = m.get(id).endedAt !== null;
      // worktree removal (routes/worktrees.ts): refused while dirty unless force, checked before the kill
      if (request.query.removeWorktree) {
        await m.worktrees.remove(id, { force: request.query.force, stop: ended ? undefined : () => m.kill(id) });
        return { ok: true as const };
      }
      if (ended) throw new AegisError('SESSION_NOT_FOUND', `session ${id} has already ended`, { sessionId: id });
      await m.kill(id);
      return { ok: true as const };
    },
  );
};

/** The seed's unprefixed `POST /sessions` (deprecated alias). */
export const legacyRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/sessions',
    {
      config: { role: 'operator' },
      schema: { ...createRouteSchema, deprecated: true, summary: 'Deprecated alias of POST /v1/sessions' },
    },
    async (request, reply) => {
      reply.header('deprecation', 'true').header('link', '</v1/sessions>; rel="successor-version"');
      return createSession(ctx, request.body, reply);
    },
  );
};
