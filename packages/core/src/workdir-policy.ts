import { AegisError } from './errors.js';
import type { FileSystem } from './io.js';

/** Never a workDir, whatever the roots: the whole machine, and the kernel's own trees. */
const REFUSED = ['/proc', '/sys', '/dev'];

const inside = (root: string, path: string) => path === root || path.startsWith(root === '/' ? '/' : `${root}/`);

/** Why a resolved folder may not be a workDir, or null. `roots` are realpaths; empty = anywhere but the refused. */
export function workDirRefusal(real: string, roots: readonly string[]): string | null {
  if (real === '/') return 'the root folder / is never a workDir';
  const system = REFUSED.find((r) => inside(r, real));
  if (system) return `${system} is never a workDir`;
  if (roots.length > 0 && !roots.some((r) => inside(r, real)))
    return `${real} is outside the allowed roots (${roots.join(', ')})`;
  return null;
}

/**
 * The realpath of a requested workDir, after the policy: an existing folder, not `/`, `/proc`, `/sys` or `/dev`,
 * and inside one of `roots` (resolved too) when there are any. Symlinks are resolved first, so neither `..` nor a
 * link out of a root gets past. Throws INVALID_WORKDIR with the reason.
 */
export async function resolveWorkDir(
  fs: Pick<FileSystem, 'realpath' | 'stat'>,
  roots: readonly string[],
  given: string,
): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(given);
    if (!(await fs.stat(real)).isDirectory) throw new Error('not a directory');
  } catch (cause) {
    throw new AegisError(
      'INVALID_WORKDIR',
      `workDir ${given} is not an existing folder`,
      { workDir: given },
      { cause },
    );
  }
  const realRoots: string[] = [];
  for (const r of roots) realRoots.push(await fs.realpath(r).catch(() => r));
  const why = workDirRefusal(real, realRoots);
  if (why)
    throw new AegisError('INVALID_WORKDIR', `workDir ${given} is not allowed: ${why}`, { workDir: given, reason: why });
  return real;
}
