import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AegisError } from './errors.js';

/** Finds an executable: a path is checked as is, a bare name is looked up on `PATH`. Throws CLAUDE_NOT_FOUND. */
export function resolveClaudeBinary(name: string, path: string | undefined = process.env.PATH): string {
  const ok = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (name.includes('/')) {
    if (ok(name)) return name;
  } else {
    for (const dir of (path ?? '').split(delimiter)) if (dir && ok(join(dir, name))) return join(dir, name);
  }
  throw new AegisError('CLAUDE_NOT_FOUND', `Claude Code binary ${JSON.stringify(name)} not found or not executable`, {
    binary: name,
  });
}

/** `claude --version` → `2.1.197` (null when it cannot be read). */
export type VersionProbe = (binary: string, env: Record<string, string>) => Promise<string | null>;

export const defaultVersionProbe: VersionProbe = (binary, env) =>
  new Promise((resolve) => {
    execFile(binary, ['--version'], { env, timeout: 15_000 }, (err, stdout) => {
      const m = /(\d+\.\d+\.\d+)/.exec(String(stdout ?? ''));
      resolve(err && !m ? null : (m?.[1] ?? null));
    });
  });
