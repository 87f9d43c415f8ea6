import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TmuxError, codeFromStderr } from './errors.js';
import type { TmuxCommand } from './args.js';
import { controlLine, ReplyQueue } from './control-commands.js';
import { parseControlLine, type ControlNotification } from './control-parse.js';

/** Starts the control-mode client process. Injectable for tests; the default spawns with an argument array. */
export type ControlSpawner = (file: string, args: readonly string[]) => ChildProcessWithoutNullStreams;

export const defaultControlSpawner: ControlSpawner = (file, args) => {
  const env = { ...process.env };
  delete env.TMUX;
  delete env.TMUX_PANE;
  return spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false, env });
};

export interface ControlConnectionOptions {
  file: string;
  /** Socket flags etc. placed before the command, e.g. ['-u', '-L', 'aegis', '-f', '/dev/null']. */
  baseArgs: readonly string[];
  session: string;
  /** Constant tmux commands written to the control client once it is attached. */
  initCommands: readonly string[];
  onNotification: (n: ControlNotification) => void;
  /** Called once when the client process is gone (after a successful start). */
  onClose: (reason: string) => void;
  spawner?: ControlSpawner;
  startTimeoutMs: number;
}

/**
 * One `tmux -C attach-session` client. It never sends `refresh-client -C`, so it has no size and does not
 * resize windows. It also runs commands (`run`): each is written as one quoted line, its reply is the matching
 * %begin/%end block — no process per command.
 */
export class ControlConnection {
  readonly #options: ControlConnectionOptions;
  readonly #replies = new ReplyQueue();
  #child: ChildProcessWithoutNullStreams | undefined;
  #closed = false;
  #attached = false;
  #stopping = false;

  constructor(options: ControlConnectionOptions) {
    this.#options = options;
  }

  /** Resolves once the client is attached (first %session-changed); rejects if it exits or times out first. */
  start(): Promise<void> {
    const o = this.#options;
    const args = [...o.baseArgs, '-C', 'attach-session', '-t', `=${o.session}`];
    return new Promise<void>((resolve, reject) => {
      let attached = false;
      let stderr = '';
      let exitReason = '';
      const child = (o.spawner ?? defaultControlSpawner)(o.file, args);
      this.#child = child;
      const timer = setTimeout(() => {
        fail(new TmuxError('TIMEOUT', `control client did not attach within ${o.startTimeoutMs} ms`, { args }));
        child.kill('SIGKILL');
      }, o.startTimeoutMs);
      const fail = (error: TmuxError): void => {
        clearTimeout(timer);
        if (!attached) {
          attached = true; // settle once
          this.#closed = true;
          reject(error);
        }
      };
      child.on('error', (cause: NodeJS.ErrnoException) => {
        const code = cause.code === 'ENOENT' ? 'TMUX_MISSING' : 'COMMAND_FAILED';
        fail(new TmuxError(code, `cannot start control client: ${cause.message}`, { args }, { cause }));
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdin.on('error', () => {});
      const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
      lines.on('line', (line) => {
        if (this.#replies.line(line)) return;
        const n = parseControlLine(line);
        if (n.type === 'other' && !line.startsWith('%')) exitReason = line; // e.g. "can't find session"
        if (n.type === 'session-changed' && !attached) {
          attached = true;
          this.#attached = true;
          clearTimeout(timer);
          for (const command of o.initCommands) {
            this.#replies.ignore();
            child.stdin.write(`${command}\n`);
          }
          resolve();
        }
        if (n.type === 'exit') exitReason = n.reason || exitReason || 'exit';
        o.onNotification(n);
      });
      child.on('close', () => {
        const message = (stderr.trim() || exitReason || 'control client exited').trim();
        this.#replies.close(message);
        if (!attached) {
          fail(
            new TmuxError(codeFromStderr(message), `control client failed: ${message}`, {
              args,
              stderr: stderr.trim(),
            }),
          );
          return;
        }
        this.#closed = true;
        this.#child = undefined;
        o.onClose(message);
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Attached, not closed and not stopping: `run` can be used. */
  get usable(): boolean {
    return this.#attached && !this.#closed && !this.#stopping && this.#child !== undefined;
  }

  /**
   * Runs commands, each written as one line at once (pipelined), and resolves with their outputs joined, as a tmux
   * client call prints them. Unlike one client call, a failed command does not skip the ones after it; the first
   * failure rejects (a TmuxError coded from tmux's message). TIMEOUT when a reply does not come within `timeoutMs`
   * or the client goes away first: the command may have run.
   */
  async run(commands: readonly TmuxCommand[], timeoutMs: number): Promise<string> {
    const child = this.#child;
    if (!child || !this.usable) throw new TmuxError('TIMEOUT', 'control client is not attached (nothing was run)');
    const lines = commands.map(controlLine);
    const replies = lines.map((_, i) => this.#replies.expect(timeoutMs, commands[i]?.[0] ?? ''));
    for (const r of replies) r.catch(() => undefined); // each is awaited below, in order
    child.stdin.write(lines.map((l) => `${l}\n`).join(''));
    let out = '';
    for (const r of replies) out += await r;
    return out;
  }

  /**
   * Detaches (closing stdin makes tmux end the client) once the commands in flight are answered; the process exit
   * still calls onClose.
   */
  stop(): void {
    const child = this.#child;
    if (!child || this.#stopping) return;
    this.#stopping = true;
    const end = (): void => {
      if (this.#replies.waiting > 0) {
        setTimeout(end, 10).unref();
        return;
      }
      child.stdin.end();
    };
    end();
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    kill.unref();
    child.once('close', () => clearTimeout(kill));
  }
}
