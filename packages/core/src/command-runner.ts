import { spawn } from 'node:child_process';

/** Outcome of one command. */
export interface CommandResult {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Captured output (empty with `output: 'ignore'`). */
  stdout: string;
  stderr: string;
  /** stdout was cut at `maxOutput` bytes (the command was stopped there). */
  truncated: boolean;
  /** Set when the command could not be started, or timed out. */
  error?: string;
}

export interface CommandOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Default 60 s; the command and everything it started are killed then. */
  timeoutMs?: number;
  /** `ignore` for commands whose output nobody reads (a check's `npm test`). Default `capture`. */
  output?: 'capture' | 'ignore';
  /** Stop reading (and kill the command) after this many bytes of stdout. Default 64 MiB. */
  maxOutput?: number;
}

/** Runs a command given as an argument array (never a shell string). */
export interface CommandRunner {
  run(argv: readonly string[], o: CommandOptions): Promise<CommandResult>;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/**
 * `spawn(argv[0], argv.slice(1), { shell: false })` in its own process group, so a timeout (or too much output)
 * kills the command and everything it started.
 */
export const nodeCommandRunner: CommandRunner = {
  run(argv, o) {
    return new Promise((resolve) => {
      const capture = o.output !== 'ignore';
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: o.cwd,
        shell: false,
        detached: true,
        stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'ignore',
        ...(o.env ? { env: o.env } : {}),
      });
      const max = o.maxOutput ?? DEFAULT_MAX_OUTPUT;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let timedOut = false;
      const timeoutMs = o.timeoutMs ?? 60_000;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child.pid);
      }, timeoutMs);
      timer.unref();
      child.stdout?.on('data', (b: Buffer) => {
        if (truncated) return;
        if (size + b.length > max) {
          out.push(b.subarray(0, max - size));
          truncated = true;
          killGroup(child.pid);
          return;
        }
        size += b.length;
        out.push(b);
      });
      child.stderr?.on('data', (b: Buffer) => void err.push(b));
      child.once('error', (e) => {
        clearTimeout(timer);
        resolve({
          code: null,
          signal: null,
          timedOut: false,
          stdout: '',
          stderr: '',
          truncated: false,
          error: e.message,
        });
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({
          code: truncated ? 0 : code,
          signal: truncated ? null : signal,
          timedOut,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          truncated,
          ...(timedOut ? { error: `timed out after ${timeoutMs} ms` } : {}),
        });
      });
    });
  },
};
