import {
  CommitBodySchema,
  CommitResultSchema,
  DiffQuerySchema,
  MergeBodySchema,
  MergeResultSchema,
  PruneBodySchema,
  PruneEntrySchema,
  WorktreeDiffSchema,
} from '@aegis/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import { apiRegistry } from '../registry.js';
import { IdParams } from '../schemas.js';
import type { RouteOptions } from '../service.js';

const tags = ['worktrees'];
for (const [schema, id] of [
  [WorktreeDiffSchema, 'WorktreeDiff'],
  [MergeResultSchema, 'MergeResult'],
  [CommitResultSchema, 'CommitResult'],
] as const) {
  apiRegistry.add(schema, { id });
}

/** Review and land the work of `isolation: "worktree"` sessions (core's `manager.worktrees`). */
export const worktreeRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const worktrees = () => ctx.manager.worktrees;

  r.get(
    '/sessions/:id/diff',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary:
          "The session's changes against its base: committed (base...branch) and uncommitted, files with stats and unified diffs",
        params: IdParams,
        querystring: DiffQuerySchema,
        response: { 200: WorktreeDiffSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      worktrees().diff(request.params.id, {
        stat: request.query.stat,
        ...(request.query.maxBytes ? { maxBytes: request.query.maxBytes } : {}),
      }),
  );

  r.post(
    '/sessions/:id/commit',
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary:
          "Commit everything uncommitted in the session's worktree (untracked files included); `commit: null` when there was nothing",
        params: IdParams,
        body: CommitBodySchema,
        response: { 200: CommitResultSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => worktrees().commit(request.params.id, request.body.message),
  );

  r.post(
    '/sessions/:id/merge',
    {
      config: { role: 'operator' },
      schema: {
        tags,
        summary:
          "Merge the session's branch into its base (or `into`) in the main repository; 409 MERGE_CONFLICT with the files, nothing changed",
        params: IdParams,
        body: MergeBodySchema,
        response: { 200: MergeResultSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => worktrees().merge(request.params.id, request.body),
  );

  r.post(
    '/worktrees/prune',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary:
          'List (dryRun) or remove the worktrees of ended sessions; branches stay. Ones with uncommitted changes only with force',
        body: PruneBodySchema.nullish(),
        response: { 200: z.object({ worktrees: z.array(PruneEntrySchema) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => ({ worktrees: await worktrees().prune(request.body ?? {}) }),
  );
};
