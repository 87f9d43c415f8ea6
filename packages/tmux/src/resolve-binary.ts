import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Absolute path of `name` on `pathVar`, or `name` unchanged if it contains a slash or is not found.
 * The driver spawns tmux with a caller-chosen PATH (that is how tmux passes PATH to new windows), so the binary
 * must not be looked up on that PATH.
 */
export function resolveBinary(name: string, pathVar = process.env.PATH ?? ''): string {
  if (name.includes('/')) return name;
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return name;
}
