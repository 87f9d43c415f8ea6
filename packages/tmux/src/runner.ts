import { spawn } from 'node:child_process';
import { TmuxError } from './errors.js';

export interface RunOptions {
  /** Written to the child's stdin, which is then closed. Without it stdin is empty. */
  input?: string;
  /** Kill the child (SIGKILL) after this many milliseconds. */
  timeoutMs: number;
  /** Extra environment variables, merged over the runner's base environment. */
  env?: Record<string, string>;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when the child was killed by a signal. */
  code: number | null;
}

/**
 * Runs one program with an argument array, never through a shell.
 * Must reject with TmuxError('TIMEOUT') on timeout and TmuxError('TMUX_MISSING') when the file cannot be started;
 * a non-zero exit is NOT a rejection (the caller maps stderr).
 */
export interface ProcessRunner {
  run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult>;
}

export interface NodeProcessRunnerOptions {
  /** Base environment. Default: `process.env` without `TMUX` and `TMUX_PANE`. */
  env?: NodeJS.ProcessEnv;
}

/** Default {@link ProcessRunner} on `child_process.spawn` with an argument array. */
export function createNodeProcessRunner(options: NodeProcessRunnerOptions = {}): ProcessRunner {
  const base = { ...(options.env ?? process.env) };
  delete base.TMUX;
  delete base.TMUX_PANE;
  return {
    run(file, args, { input, timeoutMs, env }) {
      return new Promise<RunResult>((resolve, reject) => {
        const child = spawn(file, args, {
          env: env ? { ...base, ...env } : base,
          stdio: ['pipe', 'pipe', 'pipe'],
          shell: false,
          windowsHide: true,
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let settled = false;
        const finish = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          fn();
        };
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          finish(() =>
            reject(
              new TmuxError('TIMEOUT', `${file} did not finish within ${timeoutMs} ms`, {
                args,
                stderr: Buffer.concat(err).toString('utf8').trim(),
              }),
            ),
          );
        }, timeoutMs);
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        child.on('error', (cause: NodeJS.ErrnoException) => {
          const missing = cause.code === 'ENOENT' || cause.code === 'EACCES';
          finish(() =>
            reject(
              new TmuxError(
                missing ? 'TMUX_MISSING' : 'COMMAND_FAILED',
                `cannot run ${file}: ${cause.message}`,
                { args },
                { cause },
              ),
            ),
          );
        });
        child.on('close', (code) => {
          finish(() =>
            resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code }),
          );
        });
        child.stdin.on('error', () => {
          /* the child may exit before reading its input; the exit status tells the story */
        });
        child.stdin.end(input ?? '');
      });
    },
  };
}
