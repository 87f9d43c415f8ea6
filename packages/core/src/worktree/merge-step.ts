import { AegisError } from '../errors.js';
import type { Git } from './git.js';

export const MERGE_STRATEGIES = ['merge', 'squash', 'rebase'] as const;
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

/** Files git left unmerged in `dir`. */
async function unmerged(git: Git, dir: string): Promise<string[]> {
  return (await git.ok(dir, ['diff', '--name-only', '--diff-filter=U', '-z'])).split('\0').filter(Boolean);
}

/**
 * Merges `commit` into the checkout `dir` (HEAD is the target): `merge` makes a merge commit (`--no-ff`), `squash`
 * one ordinary commit. On a conflict the merge is aborted (the checkout is as before) and the conflicting files are
 * returned; nothing to merge makes no commit.
 */
export async function mergeInto(
  git: Git,
  dir: string,
  id: readonly string[],
  o: { commit: string; label: string; strategy: 'merge' | 'squash'; message?: string },
): Promise<{ conflicts: string[] | null }> {
  const message = o.message ?? (o.strategy === 'squash' ? `Squashed merge of ${o.label}` : `Merge ${o.label}`);
  const args =
    o.strategy === 'squash'
      ? ['merge', '--squash', o.commit]
      : ['merge', '--no-ff', '--no-edit', '-m', message, o.commit];
  const r = await git.run(dir, [...id, ...args]);
  if (r.code !== 0) {
    const conflicts = await unmerged(git, dir);
    await git.run(dir, o.strategy === 'squash' ? ['reset', '--merge'] : ['merge', '--abort']);
    if (conflicts.length === 0)
      throw new AegisError('GIT_FAILED', `git merge of ${o.label} failed: ${r.stderr.trim() || r.stdout.trim()}`, {
        ref: o.label,
      });
    return { conflicts };
  }
  if (o.strategy === 'squash' && (await git.run(dir, ['diff', '--cached', '--quiet'])).code === 1) {
    await git.ok(dir, [...id, 'commit', '-m', message]);
  }
  return { conflicts: null };
}

/** Replays the commits of the checkout `dir` (detached at the branch) onto `onto`; aborted on a conflict. */
export async function rebaseOnto(
  git: Git,
  dir: string,
  id: readonly string[],
  onto: string,
  label: string,
): Promise<{ conflicts: string[] | null }> {
  const r = await git.run(dir, [...id, 'rebase', onto]);
  if (r.code === 0) return { conflicts: null };
  const conflicts = await unmerged(git, dir);
  await git.run(dir, ['rebase', '--abort']);
  if (conflicts.length === 0)
    throw new AegisError('GIT_FAILED', `git rebase of ${label} failed: ${r.stderr.trim() || r.stdout.trim()}`, {
      ref: label,
    });
  return { conflicts };
}
