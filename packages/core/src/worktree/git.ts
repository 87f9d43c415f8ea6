import { nodeCommandRunner, type CommandResult, type CommandRunner } from '../command-runner.js';
import { AegisError } from '../errors.js';

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
const FIXED_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_EDITOR: 'true',
  GIT_SEQUENCE_EDITOR: 'true',
  GIT_MERGE_AUTOEDIT: 'no',
  LC_ALL: 'C',
  LANG: 'C',
};
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

  run(
    cwd: string,
    args: readonly string[],
    o: { env?: Record<string, string>; maxOutput?: number } = {},
  ): Promise<CommandResult> {
    return this.#runner.run([this.#binary, '-C', cwd, ...args], {
      cwd,
      env: { ...this.#env, ...(o.env ?? {}) },
      timeoutMs: this.#timeoutMs,
      ...(o.maxOutput !== undefined ? { maxOutput: o.maxOutput } : {}),
    });
  }

  /** stdout of a command that must succeed. */
  async ok(
    cwd: string,
    args: readonly string[],
    o: { env?: Record<string, string>; maxOutput?: number } = {},
  ): Promise<string> {
    const r = await this.run(cwd, args, o);
    if (r.code !== 0 || r.error) {
      const why = (r.error ?? r.stderr.trim()) || `exit code ${r.code}`;
      throw new GitError('GIT_FAILED', `git ${args[0] ?? ''} failed: ${why}`, {
        args: [...args],
        cwd,
        stderr: r.stderr.slice(0, 2000),
      });
    }
    return r.stdout;
  }
}
