import { AegisError } from '../errors.js';
import type { WorktreeDeps, WorktreeInfo } from './create.js';
import { mergeInto, rebaseOnto, type MergeStrategy } from './merge-step.js';
import { branchExists, identityArgs, listWorktrees, resolveCommit, uncommitted } from './repo.js';

export interface MergeRequest {
  /** Branch to merge into. Default: the worktree's `baseRef`. */
  into?: string | undefined;
  strategy: MergeStrategy;
  message?: string | undefined;
  /** An empty folder path (not yet existing) for the scratch checkout the merge is computed in. */
  scratchDir: string;
}

export interface MergeResult {
  into: string;
  strategy: MergeStrategy;
  /** False when the branch held nothing `into` did not have. */
  merged: boolean;
  /** `into` before and after. */
  previous: string;
  commit: string;
  /** The checkout whose working tree was fast-forwarded (where `into` is checked out), or null when none is. */
  updatedCheckout: string | null;
}

/**
 * Merges a session's branch into `into` of the main repository without ever leaving a checkout half-merged: the
 * merge (or squash, or rebase) is computed in a scratch checkout (detached, removed afterwards); only a clean result
 * is applied, as a fast-forward of the checkout that has `into` checked out (refused while that one has uncommitted
 * changes to tracked files), else as a compare-and-swap of the ref. Conflicts → MERGE_CONFLICT with the files, and
 * every checkout and ref exactly as before.
 */
export async function mergeWorktree(d: WorktreeDeps, w: WorktreeInfo, req: MergeRequest): Promise<MergeResult> {
  const { git } = d;
  const into = req.into ?? w.baseRef;
  if (into.startsWith('-') || !(await branchExists(git, w.repo, into))) {
    throw new AegisError('REF_NOT_FOUND', `no branch ${into} to merge into in ${w.repo}`, { into, repo: w.repo });
  }
  if (into === w.branch) throw new AegisError('INVALID_INPUT', `cannot merge ${w.branch} into itself`, { into });
  const present = await d.fs.stat(w.path).then(
    () => true,
    () => false,
  );
  if (present) {
    const dirty = await uncommitted(git, w.path);
    if (dirty.length > 0) {
      throw new AegisError(
        'WORKTREE_DIRTY',
        `the session's worktree has ${dirty.length} uncommitted change(s): commit them first (they would not be merged)`,
        {
          path: w.path,
          files: dirty.slice(0, 100),
        },
      );
    }
  }
  const head = await resolveCommit(git, w.repo, `refs/heads/${w.branch}`);
  if (!head)
    throw new AegisError('REF_NOT_FOUND', `the session's branch ${w.branch} no longer exists`, { branch: w.branch });
  const previous = (await resolveCommit(git, w.repo, `refs/heads/${into}`))!;
  const checkout = (await listWorktrees(git, w.repo)).find((e) => e.branch === `refs/heads/${into}`)?.path ?? null;
  if (checkout) {
    const dirty = await uncommitted(git, checkout, { trackedOnly: true });
    if (dirty.length > 0) {
      throw new AegisError(
        'WORKTREE_DIRTY',
        `${into} is checked out in ${checkout} with uncommitted changes: commit or stash them first`,
        { path: checkout, files: dirty.slice(0, 100) },
      );
    }
  }
  const base = { into, strategy: req.strategy, previous, updatedCheckout: null };
  if ((await git.run(w.repo, ['merge-base', '--is-ancestor', head, previous])).code === 0)
    return { ...base, merged: false, commit: previous };

  const result = await computeMerge(d, w, req, { head, previous, into });
  // a squash or rebase of changes `into` already has adds nothing
  if (result === previous) return { ...base, merged: false, commit: previous };
  if (checkout) {
    const ff = await git.run(checkout, ['merge', '--ff-only', result]);
    if (ff.code !== 0)
      throw new AegisError('WORKTREE_DIRTY', `could not update ${into} in ${checkout}: ${ff.stderr.trim()}`, {
        path: checkout,
      });
  } else {
    const r = await git.run(w.repo, [
      'update-ref',
      '-m',
      `aegis: ${req.strategy} ${w.branch}`,
      `refs/heads/${into}`,
      result,
      previous,
    ]);
    if (r.code !== 0)
      throw new AegisError('MERGE_CONFLICT', `${into} moved during the merge: try again`, { into, files: [] });
  }
  return { ...base, merged: true, commit: result, updatedCheckout: checkout };
}

/** The merged commit, computed in a scratch checkout that is always removed. */
async function computeMerge(
  d: WorktreeDeps,
  w: WorktreeInfo,
  req: MergeRequest,
  c: { head: string; previous: string; into: string },
): Promise<string> {
  const { git } = d;
  const start = req.strategy === 'rebase' ? c.head : c.previous;
  await git.ok(w.repo, ['worktree', 'add', '--detach', req.scratchDir, start]);
  try {
    const id = await identityArgs(git, req.scratchDir);
    const r =
      req.strategy === 'rebase'
        ? await rebaseOnto(git, req.scratchDir, id, c.previous, w.branch)
        : await mergeInto(git, req.scratchDir, id, {
            commit: c.head,
            label: `branch '${w.branch}' into ${c.into}`,
            strategy: req.strategy,
            ...(req.message ? { message: req.message } : {}),
          });
    if (r.conflicts) {
      throw new AegisError(
        'MERGE_CONFLICT',
        `${w.branch} conflicts with ${c.into} in ${r.conflicts.length} file(s): ${r.conflicts.slice(0, 10).join(', ')}`,
        {
          branch: w.branch,
          into: c.into,
          files: r.conflicts,
        },
      );
    }
    return (await git.ok(req.scratchDir, ['rev-parse', 'HEAD'])).trim();
  } finally {
    await git.run(w.repo, ['worktree', 'remove', '--force', '--force', req.scratchDir]);
    await d.fs.rm(req.scratchDir).catch(() => undefined);
    await git.run(w.repo, ['worktree', 'prune']);
  }
}
