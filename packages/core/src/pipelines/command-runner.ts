import { spawn } from 'node:child_process';

/** Outcome of one command. */
export interface CommandResult {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Set when the command could not be started (ENOENT, EACCES, …). */
  error?: string;
}

/** Runs a command as an argument array (never through a shell). */
export interface CommandRunner {
  run(argv: readonly string[], o: { cwd: string; timeoutMs: number; env?: Record<string, string | undefined> }): Promise<CommandResult>;
}

/**
 * `spawn(argv[0], argv.slice(1), { shell: false })` in its own process group, so a timeout kills the command and
 * everything it started.
 */
export const nodeCommandRunner: CommandRunner = {
  run(argv, o) {
    return new Promise((resolve) => {
      const child = spawn(argv[0]!, argv.slice(1), { cwd: o.cwd, shell: false, detached: true, stdio: 'ignore', ...(o.env ? { env: o.env } : {}) });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, o.timeoutMs);
      timer.unref();
      child.once('error', (e) => {
        clearTimeout(timer);
        resolve({ code: null, signal: null, timedOut: false, error: e.message });
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, timedOut, ...(timedOut ? { error: `timed out after ${o.timeoutMs} ms` } : {}) });
      });
    });
  },
};
