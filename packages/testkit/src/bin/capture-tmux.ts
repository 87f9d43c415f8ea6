/** The capture script's tmux driver: one private server, argument arrays only, Claude Code as the window command. */
import { execFile } from 'node:child_process';

export class TmuxError extends Error {
  readonly code = 'CAPTURE_TMUX_FAILED';
  constructor(args: readonly string[], detail: string) {
    super(`tmux ${args.join(' ')}: ${detail}`);
    this.name = 'TmuxError';
  }
}

/** A private tmux server (`-L <socket> -f /dev/null`). */
export class Tmux {
  constructor(
    readonly socket: string,
    /** Environment of the tmux client (and of the server it starts). */
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs one tmux command (or a `;`-separated list given as separate arguments) and returns its stdout. */
  run(args: readonly string[], quiet = false): Promise<string> {
    if (!quiet) this.log(`tmux ${args.map((a) => (/^[\w@%:.,=/+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
    return new Promise((resolve, reject) => {
      execFile(
        'tmux',
        ['-L', this.socket, '-f', '/dev/null', ...args],
        { env: this.env, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) reject(new TmuxError(args, (stderr || err.message).trim()));
          else resolve(stdout);
        },
      );
    });
  }

  /**
   * Starts a detached session whose only pane runs `argv` directly (no shell). Server options are set in the same
   * invocation, before the session exists: `status off` (so the pane is the full size) and `remain-on-exit on`.
   */
  async launch(opts: {
    name: string;
    cols: number;
    rows: number;
    cwd: string;
    env: Record<string, string>;
    argv: readonly string[];
  }): Promise<void> {
    for (const a of opts.argv) {
      // tmux splits command lists on arguments ending in ';'.
      if (a.endsWith(';')) throw new TmuxError(opts.argv, `argument ends with ';', tmux would split it: ${a}`);
    }
    const envArgs = Object.entries(opts.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    await this.run([
      'set-option',
      '-g',
      'status',
      'off',
      ';',
      'set-option',
      '-g',
      'remain-on-exit',
      'on',
      ';',
      'set-option',
      '-g',
      'history-limit',
      '10000',
      ';',
      'new-session',
      '-d',
      '-s',
      opts.name,
      '-x',
      String(opts.cols),
      '-y',
      String(opts.rows),
      '-c',
      opts.cwd,
      ...envArgs,
      '--',
      ...opts.argv,
    ]);
  }

  async capture(target: string, ansi: boolean): Promise<string> {
    return this.run(['capture-pane', '-p', ...(ansi ? ['-e'] : []), '-t', target], true);
  }

  async format(target: string, format: string): Promise<string> {
    return (await this.run(['display-message', '-p', '-t', target, format], true)).trim();
  }

  /** `send-keys` with tmux key names (`Enter`, `Escape`, `BTab`, `C-c`, `1`, …). */
  async keys(target: string, ...keys: string[]): Promise<void> {
    await this.run(['send-keys', '-t', target, ...keys]);
  }

  /** Literal text, no key-name lookup. */
  async text(target: string, text: string): Promise<void> {
    await this.run(['send-keys', '-t', target, '-l', text]);
  }

  async resize(target: string, cols: number, rows: number): Promise<void> {
    await this.run(['resize-window', '-t', target, '-x', String(cols), '-y', String(rows)]);
  }

  async killSession(name: string): Promise<void> {
    await this.run(['kill-session', '-t', name]).catch(() => undefined);
  }

  async killServer(): Promise<void> {
    await this.run(['kill-server']).catch(() => undefined);
  }
}
