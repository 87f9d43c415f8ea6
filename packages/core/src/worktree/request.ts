import { InvalidInputError } from '../errors.js';
import type { IdGenerator } from '../io.js';
import type { CreateParsed } from '../create.js';
import type { CreateWorktreeRequest } from './create.js';

/**
 * The worktree a create asks for, or null without `isolation: "worktree"` (then `branch`, `baseRef` and `mergeFrom`
 * are refused). A session without a name gets one here, so its folder, branch and window share it.
 */
export function worktreeRequest(
  c: CreateParsed,
  workDir: string,
  ids: IdGenerator,
): Omit<CreateWorktreeRequest, 'root'> | null {
  if (c.isolation !== 'worktree') {
    const stray = (['branch', 'baseRef', 'mergeFrom'] as const).filter((k) => c[k] !== undefined);
    if (stray.length > 0)
      throw new InvalidInputError('INVALID_INPUT', `${stray.join(', ')} need isolation "worktree"`, { fields: stray });
    return null;
  }
  if (c.resumeSessionId)
    throw new InvalidInputError('INVALID_INPUT', 'a resumed session cannot get a new worktree', { field: 'isolation' });
  c.name ??= `cc-${ids.uuid().slice(0, 8)}`;
  return { workDir, name: c.name, branch: c.branch, baseRef: c.baseRef, mergeFrom: c.mergeFrom };
}
