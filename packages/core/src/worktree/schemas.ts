import { z } from 'zod';
import { MERGE_STRATEGIES } from './merge-step.js';

// Inputs and outputs of the worktree operations, for servers and tools (core's own types are the TypeScript view).

export const WorktreeInfoSchema = z
  .object({
    path: z.string().describe('The worktree (the session workDir)'),
    branch: z.string(),
    baseRef: z.string(),
    baseCommit: z.string(),
    repo: z.string().describe('Main working tree of the repository'),
    mergedFrom: z.array(z.string()).optional(),
    removedAt: z.number().nullable().optional(),
  })
  .describe('Worktree');

export const DiffQuerySchema = z.object({
  stat: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only files and counts, no unified diff'),
  maxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .optional()
    .describe('Cap of each unified diff (default 1 MiB); `truncated` says when it was cut'),
});

const FileStatSchema = z.object({
  path: z.string(),
  additions: z.number().nullable(),
  deletions: z.number().nullable(),
});
const DiffPartSchema = z.object({
  files: z.array(FileStatSchema),
  additions: z.number(),
  deletions: z.number(),
  diff: z.string().optional(),
  truncated: z.boolean().optional(),
});
export const WorktreeDiffSchema = z
  .object({
    branch: z.string(),
    base: z.object({ ref: z.string(), commit: z.string() }),
    head: z.string(),
    committed: DiffPartSchema.describe('Commits on the branch since it left its base (base...branch)'),
    uncommitted: DiffPartSchema.describe('The worktree beyond its HEAD: staged, unstaged and untracked'),
    summary: z.string(),
  })
  .describe('WorktreeDiff');

export const CommitBodySchema = z.strictObject({ message: z.string().min(1).max(10_000) });
export const CommitResultSchema = z
  .object({ commit: z.string().nullable().describe('null: nothing to commit'), files: z.array(z.string()) })
  .describe('CommitResult');

export const MergeBodySchema = z.strictObject({
  into: z.string().min(1).max(200).optional().describe("Branch to merge into (default: the session's baseRef)"),
  strategy: z.enum(MERGE_STRATEGIES).default('merge'),
  message: z.string().min(1).max(10_000).optional().describe('Message of the merge (or squash) commit'),
});
export const MergeResultSchema = z
  .object({
    into: z.string(),
    strategy: z.enum(MERGE_STRATEGIES),
    merged: z.boolean().describe('false: nothing to merge'),
    previous: z.string(),
    commit: z.string(),
    updatedCheckout: z.string().nullable().describe('The checkout of `into` that was fast-forwarded, if any'),
  })
  .describe('MergeResult');

export const PruneBodySchema = z.strictObject({
  dryRun: z.boolean().optional().describe('Only list'),
  force: z.boolean().optional().describe('Also remove worktrees with uncommitted changes'),
});
export const PruneEntrySchema = z.object({
  sessionId: z.string(),
  name: z.string(),
  path: z.string(),
  branch: z.string(),
  removed: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
