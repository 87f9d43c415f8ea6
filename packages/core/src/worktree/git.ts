import { spawn } from 'node:child_process';
import { AegisError } from '../errors.js';

/** Outcome of one command, with its output. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout was cut at `maxOutput` bytes (the command was stopped there). */
  truncated: boolean;
  /** Set when the command could not be started or timed out. */
  error?: string;
}

export interface CommandOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Stop reading (and kill the command) after this many bytes of stdout. Default 64 MiB. */
  maxOutput?: number;
}

/** Runs a command given as an argument array (never a shell string) and captures its output. */
export interface CommandRunner {
  run(argv: readonly string[], o: CommandOptions): Promise<CommandResult>;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

export const nodeCommandRunner: CommandRunner = {
  run(argv, o) {
    return new Promise((resolve) => {
      const child = spawn(argv[0]!, argv.slice(1), { cwd: o.cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'], ...(o.env ? { env: o.env } : {}) });
      const max = o.maxOutput ?? DEFAULT_MAX_OUTPUT;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let error: string | undefined;
      const timer = setTimeout(() => {
        error = `timed out after ${o.timeoutMs} ms`;
        child.kill('SIGKILL');
      }, o.timeoutMs ?? 60_000);
      timer.unref();
      child.stdout.on('data', (b: Buffer) => {
        if (truncated) return;
        if (size + b.length > max) {
          out.push(b.subarray(0, max - size));
          truncated = true;
          child.kill('SIGKILL');
          return;
        }
        size += b.length;
        out.push(b);
      });
      child.stderr.on('data', (b: Buffer) => void err.push(b));
      child.once('error', (e) => {
        clearTimeout(timer);
        resolve({ code: null, stdout: '', stderr: '', truncated: false, error: e.message });
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        const stdout = Buffer.concat(out).toString('utf8');
        resolve({ code: truncated ? 0 : code, stdout, stderr: Buffer.concat(err).toString('utf8'), truncated, ...(error ? { error } : {}) });
      });
    });
  },
};

/** git exited non-zero where that is not an expected answer. */
export class GitError extends AegisError {
  override readonly name = 'GitError';
}

export interface GitOptions {
  runner?: CommandRunner;
  /** Aegis's environment (PATH, HOME for git's own config). Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** git binary. Default `git`. */
  binary?: string;
  timeoutMs?: number;
}

// Never prompt (no terminal), never open an editor, messages in English (parsed in a few places), and ignore any
// GIT_DIR/GIT_WORK_TREE of Aegis's own environment: every call names its folder with `-C`.
const FIXED_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GIT_SEQUENCE_EDITOR: 'true', GIT_MERGE_AUTOEDIT: 'no', LC_ALL: 'C', LANG: 'C' };
const DROPPED_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY'];

/** git with argument arrays only. `run` returns any exit code; `ok` throws {@link GitError} on a non-zero one. */
export class Git {
  readonly #runner: CommandRunner;
  readonly #env: Record<string, string | undefined>;
  readonly #binary: string;
  readonly #timeoutMs: number;

  constructor(o: GitOptions = {}) {
    this.#runner = o.runner ?? nodeCommandRunner;
    const env = { ...(o.env ?? process.env) };
    for (const k of DROPPED_ENV) delete env[k];
    this.#env = { ...env, ...FIXED_ENV };
    this.#binary = o.binary ?? 'git';
    this.#timeoutMs = o.timeoutMs ?? 120_000;
  }

  run(cwd: string, args: readonly string[], o: { env?: Record<string, string>; maxOutput?: number } = {}): Promise<CommandResult> {
    return this.#runner.run([this.#binary, '-C', cwd, ...args], {
      cwd,
      env: { ...this.#env, ...(o.env ?? {}) },
      timeoutMs: this.#timeoutMs,
      ...(o.maxOutput !== undefined ? { maxOutput: o.maxOutput } : {}),
    });
  }

  /** stdout of a command that must succeed. */
  async ok(cwd: string, args: readonly string[], o: { env?: Record<string, string>; maxOutput?: number } = {}): Promise<string> {
    const r = await this.run(cwd, args, o);
    if (r.code !== 0 || r.error) {
      const why = (r.error ?? r.stderr.trim()) || `exit code ${r.code}`;
      throw new GitError('GIT_FAILED', `git ${args[0] ?? ''} failed: ${why}`, { args: [...args], cwd, stderr: r.stderr.slice(0, 2000) });
    }
    return r.stdout;
  }
}
