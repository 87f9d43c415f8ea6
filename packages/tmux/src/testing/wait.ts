// Helpers for this package's tests (not exported from index.ts).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs` with the last error. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  {
    timeoutMs = 20000,
    intervalMs = 20,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`, {
        cause: lastError,
      });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A socket name unique to one test file and process, under the `aegis-test-` prefix. */
export function testSocket(file: string): string {
  return `aegis-test-${file}-${process.pid}`;
}

/** Runs tmux directly on `socket` (for assertions that bypass the driver). */
export async function tmuxRaw(socket: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
  return stdout;
}

/** Kills the test server and removes its socket file (tmux leaves it behind). */
export async function killTestServer(socket: string): Promise<void> {
  const tmpRoot = process.env.TMUX_TMPDIR || '/tmp';
  const uid = process.getuid?.() ?? 0;
  await execFileAsync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server']).catch(() => undefined);
  await rm(join(tmpRoot, `tmux-${uid}`, socket), { force: true });
}

export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `aegis-tmux-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
