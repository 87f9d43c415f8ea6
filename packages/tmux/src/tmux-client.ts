import { joinCommands, type TmuxCommand } from './args.js';
import { TmuxError, codeFromStderr, isTmuxError } from './errors.js';
import type { ProcessRunner } from './runner.js';

export interface TmuxClientOptions {
  /** Absolute path of tmux (or a name the runner resolves). */
  file: string;
  /** Socket flags before every command, e.g. ['-u', '-L', 'aegis', '-f', '/dev/null']. */
  baseArgs: readonly string[];
  runner: ProcessRunner;
  timeoutMs: number;
  session: string;
}

/** One tmux client call per `run`, on the driver's socket, with error mapping. */
export class TmuxClient {
  readonly #o: TmuxClientOptions;

  constructor(options: TmuxClientOptions) {
    this.#o = options;
  }

  /** Runs commands (joined by `;`) in one tmux call. Rejects with a TmuxError for a non-zero exit. */
  async run(
    commands: readonly TmuxCommand[],
    extra: { input?: string; env?: Record<string, string> } = {},
  ): Promise<string> {
    const args = joinCommands(commands);
    const result = await this.#o.runner.run(this.#o.file, [...this.#o.baseArgs, ...args], {
      timeoutMs: this.#o.timeoutMs,
      ...(extra.input !== undefined ? { input: extra.input } : {}),
      ...(extra.env ? { env: extra.env } : {}),
    });
    if (result.code !== 0) {
      const stderr = result.stderr.trim();
      throw new TmuxError(codeFromStderr(stderr), `tmux ${args[0] ?? ''} failed: ${stderr || `exit ${result.code}`}`, {
        args,
        stderr,
        exitCode: result.code,
      });
    }
    return result.stdout;
  }

  /** Is the session there ('session'), the server without it ('no-session'), or no server at all ('no-server')? */
  async probe(): Promise<'session' | 'no-session' | 'no-server'> {
    try {
      await this.run([['has-session', '-t', `=${this.#o.session}`]]);
      return 'session';
    } catch (error) {
      if (isTmuxError(error, 'SERVER_GONE')) return 'no-server';
      if (isTmuxError(error, 'NOT_FOUND')) return 'no-session';
      throw error;
    }
  }
}
