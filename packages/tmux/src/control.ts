import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TmuxError, codeFromStderr } from './errors.js';
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
 * resize windows. Lines inside %begin/%end blocks (replies to our commands) are skipped.
 */
export class ControlConnection {
  readonly #options: ControlConnectionOptions;
  #child: ChildProcessWithoutNullStreams | undefined;
  #closed = false;

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
      let inBlock = false;
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
        const n = parseControlLine(line);
        if (n.type === 'begin') inBlock = true;
        else if (n.type === 'end') inBlock = false;
        else if (inBlock) return;
        else if (n.type === 'other' && !line.startsWith('%')) exitReason = line; // e.g. "can't find session"
        if (n.type === 'session-changed' && !attached) {
          attached = true;
          clearTimeout(timer);
          for (const command of o.initCommands) child.stdin.write(`${command}\n`);
          resolve();
        }
        if (n.type === 'exit') exitReason = n.reason || exitReason || 'exit';
        o.onNotification(n);
      });
      child.on('close', () => {
        const message = (stderr.trim() || exitReason || 'control client exited').trim();
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

  /** Detaches (closing stdin makes tmux end the client); the process exit still calls onClose. */
  stop(): void {
    const child = this.#child;
    if (!child) return;
    child.stdin.end();
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    kill.unref();
    child.once('close', () => clearTimeout(kill));
  }
}
