import { joinCommands, type TmuxCommand } from './args.js';
import { TmuxError, codeFromStderr, isTmuxError } from './errors.js';
import type { ControlConnection } from './control.js';
import type { ProcessRunner } from './runner.js';

export interface TmuxClientOptions {
  /** Absolute path of tmux (or a name the runner resolves). */
  file: string;
  /** Socket flags before every command, e.g. ['-u', '-L', 'aegis', '-f', '/dev/null']. */
  baseArgs: readonly string[];
  runner: ProcessRunner;
  timeoutMs: number;
  session: string;
  /**
   * The attached control-mode client, when there is one: commands go over it (a line each, ~0.1 ms) instead of a
   * new tmux client process each (~5 ms on an idle 2-core machine, far more under load).
   */
  control?: () => ControlConnection | undefined;
}

export interface RunExtra {
  /** stdin of a spawned client (e.g. `load-buffer -`): always a spawned client. */
  input?: string;
  /** Environment of a spawned client (a control-mode call passes what the command needs as its arguments). */
  env?: Record<string, string>;
  /**
   * Always a spawned client: for commands that may end the control client before it answers (kill-window of the
   * last window, kill-server) or that ask whether there is anything to attach to (has-session).
   */
  spawn?: boolean;
}

/** Runs tmux commands on the driver's socket — over the control client when attached, else one client call — with error mapping. */
export class TmuxClient {
  readonly #o: TmuxClientOptions;

  constructor(options: TmuxClientOptions) {
    this.#o = options;
  }

  /** Runs commands (joined by `;`) in one tmux call. Rejects with a TmuxError for a non-zero exit. */
  async run(commands: readonly TmuxCommand[], extra: RunExtra = {}): Promise<string> {
    const control = extra.input === undefined && !extra.spawn ? this.#o.control?.() : undefined;
    if (control) {
      try {
        return await control.run(commands, this.#o.timeoutMs);
      } catch (error) {
        if (isTmuxError(error) && error.stderr !== undefined) {
          const args = joinCommands(commands);
          throw new TmuxError(error.code, `tmux ${args[0] ?? ''} failed: ${error.stderr}`, {
            args,
            stderr: error.stderr,
          });
        }
        throw error;
      }
    }
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
      await this.run([['has-session', '-t', `=${this.#o.session}`]], { spawn: true });
      return 'session';
    } catch (error) {
      if (isTmuxError(error, 'SERVER_GONE')) return 'no-server';
      if (isTmuxError(error, 'NOT_FOUND')) return 'no-session';
      throw error;
    }
  }
}
