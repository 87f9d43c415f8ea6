import {
  CommitResultSchema,
  MergeBodySchema,
  MergeResultSchema,
  WorktreeDiffSchema,
  type WorktreeDiff,
} from '@aegis/core';
import { z } from 'zod';
import type { Backend } from '../backend.js';
import { sessionId } from './common.js';
import { guard, ok, type Server } from './result.js';

/** Files with their counts, then the unified diffs (committed first). */
function describe(d: WorktreeDiff): string {
  const files = (label: string, part: WorktreeDiff['committed']) =>
    part.files.length
      ? [`${label}:`, ...part.files.map((f) => `  ${f.path}  +${f.additions ?? '-'} -${f.deletions ?? '-'}`)]
      : [`${label}: none`];
  const diffs = [d.committed, d.uncommitted]
    .map((p) => (p.diff ? p.diff + (p.truncated ? '\n[… truncated]\n' : '') : ''))
    .join('');
  return [
    `${d.branch} against ${d.base.ref}: ${d.summary}`,
    ...files('committed', d.committed),
    ...files('uncommitted', d.uncommitted),
    diffs,
  ]
    .join('\n')
    .trimEnd();
}

/** `get_diff`, `commit_session`, `merge_session` for sessions created with `isolation: "worktree"`. */
export function registerWorktreeTools(server: Server, backend: Backend): void {
  server.registerTool(
    'get_diff',
    {
      title: "Review a worktree session's changes",
      description:
        'For a session created with isolation "worktree": its changes against its base, committed (base...branch) and uncommitted ' +
        '(untracked files included) kept apart, files with line counts and the unified diff (cut at maxBytes, `truncated` says so). stat: true for the summary only.',
      inputSchema: z.object({
        sessionId,
        stat: z.boolean().optional().describe('Only files and counts'),
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .max(16 * 1024 * 1024)
          .optional()
          .describe('Cap of each unified diff (default 1 MiB)'),
      }),
      outputSchema: WorktreeDiffSchema,
      annotations: { readOnlyHint: true },
    },
    (input) =>
      guard(async () => {
        const d = await backend.diff(input.sessionId, {
          ...(input.stat !== undefined ? { stat: input.stat } : {}),
          ...(input.maxBytes ? { maxBytes: input.maxBytes } : {}),
        });
        return ok(d as unknown as Record<string, unknown>, describe(d));
      }),
  );
  server.registerTool(
    'commit_session',
    {
      title: "Commit a worktree session's changes",
      description:
        "Commits everything uncommitted in the session's worktree (untracked files included) on its branch. commit is null when there was nothing.",
      inputSchema: z.object({ sessionId, message: z.string().min(1).max(10_000).describe('Commit message') }),
      outputSchema: CommitResultSchema,
    },
    (input) =>
      guard(async () => {
        const r = await backend.commit(input.sessionId, input.message);
        return ok({ ...r }, r.commit ? `Committed ${r.files.length} file(s) as ${r.commit}.` : 'Nothing to commit.');
      }),
  );
  server.registerTool(
    'merge_session',
    {
      title: "Merge a worktree session's branch",
      description:
        "Merges the session's branch into its base (or `into`) in the main repository: strategy merge | squash | rebase. Commit first " +
        '(uncommitted changes are refused). A conflict fails with MERGE_CONFLICT and the conflicting files; nothing is changed then.',
      inputSchema: z.object({ sessionId, ...MergeBodySchema.shape }),
      outputSchema: MergeResultSchema,
      annotations: { destructiveHint: false },
    },
    (input) =>
      guard(async () => {
        const { sessionId: id, ...req } = input;
        const r = await backend.merge(id, req);
        return ok(
          { ...r },
          r.merged
            ? `Merged into ${r.into} (${r.strategy}): ${r.commit}${r.updatedCheckout ? `; ${r.updatedCheckout} updated` : ''}.`
            : `Nothing to merge: ${r.into} already has it.`,
        );
      }),
  );
}
