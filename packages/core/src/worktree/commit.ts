import { AegisError } from '../errors.js';
import type { WorktreeDeps, WorktreeInfo } from './create.js';
import { identityArgs } from './repo.js';

export interface CommitResult {
  /** The new commit, or null when there was nothing to commit. */
  commit: string | null;
  files: string[];
}

/** Commits everything uncommitted in the worktree (`git add -A`, untracked files included, .gitignore respected). */
export async function commitWorktree(d: WorktreeDeps, w: WorktreeInfo, message: string): Promise<CommitResult> {
  if (w.removedAt) throw new AegisError('NO_WORKTREE', `the worktree ${w.path} was removed`, { path: w.path });
  const { git } = d;
  await git.ok(w.path, ['add', '-A']);
  const files = (await git.ok(w.path, ['diff', '--cached', '--name-only', '-z'])).split('\0').filter(Boolean);
  if (files.length === 0) return { commit: null, files };
  await git.ok(w.path, [...(await identityArgs(git, w.path)), 'commit', '-q', '-m', message]);
  return { commit: (await git.ok(w.path, ['rev-parse', 'HEAD'])).trim(), files };
}
