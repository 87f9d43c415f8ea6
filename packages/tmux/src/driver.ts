import { assertSize, assertTarget, escapeArg, type Target } from './args.js';
import { TmuxError, isTmuxError } from './errors.js';
import { TmuxClient } from './tmux-client.js';
import { assertKeyNames, type KeyName } from './keys.js';
import { KeyedQueue } from './keyed-queue.js';
import { killProcessTree } from './kill-tree.js';
import { createProcProcessTable, type ProcessTable } from './process-table.js';
import { resolveBinary } from './resolve-binary.js';
import { createNodeProcessRunner } from './runner.js';
import { normalizeNewlines, pasteCommands, typedTextBatches } from './text-input.js';
import type { CaptureOptions, Clock, CreatedWindow, SendTextOptions, TmuxDriverOptions } from './driver-types.js';
import { WatchHub, type Unsubscribe, type WatchListener } from './watch-hub.js';
import type { WindowInfo } from './window-info.js';
import { WindowQueries } from './window-queries.js';
import {
  clientEnv,
  newSessionCommands,
  newWindowCommands,
  validateCreateOptions,
  type CreateWindowOptions,
} from './window-commands.js';

const NAME_RE = /^[A-Za-z0-9_-]+$/;

/** Drives one tmux server (own socket): windows, input, screen captures, pushed changes. */
export class TmuxDriver {
  readonly socketName: string;
  readonly sessionName: string;
  readonly #file: string;
  readonly #baseArgs: readonly string[];
  readonly #client: TmuxClient;
  readonly #table: ProcessTable;
  readonly #windows: WindowQueries;
  readonly #killGraceMs: number;
  readonly #historyLimit: number;
  readonly #clock: Clock;
  readonly #queue = new KeyedQueue();
  readonly #windowOfPane = new Map<string, string>();
  readonly #hub: WatchHub;
  #bufferSeq = 0;

  constructor(options: TmuxDriverOptions = {}) {
    this.socketName = options.socketName ?? 'aegis';
    this.sessionName = options.sessionName ?? 'aegis';
    for (const [what, value] of [
      ['socketName', this.socketName],
      ['sessionName', this.sessionName],
    ] as const) {
      if (!NAME_RE.test(value))
        throw new TmuxError('INVALID_ARGUMENT', `${what} must match ${NAME_RE}, got ${JSON.stringify(value)}`);
    }
    this.#file = resolveBinary(options.tmuxPath ?? 'tmux');
    this.#baseArgs = ['-u', '-L', this.socketName, '-f', '/dev/null'];
    this.#client = new TmuxClient({
      file: this.#file,
      baseArgs: this.#baseArgs,
      runner: options.runner ?? createNodeProcessRunner(),
      timeoutMs: options.timeoutMs ?? 5000,
      session: this.sessionName,
      control: () => this.#hub.channel(),
    });
    this.#table = options.processTable ?? createProcProcessTable();
    this.#windows = new WindowQueries(this.#client, this.#table, this.sessionName, (ms) => this.#sleep(ms));
    this.#killGraceMs = options.killGraceMs ?? 2000;
    this.#historyLimit = options.historyLimit ?? 10000;
    this.#clock = options.clock ?? {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.#hub = new WatchHub({
      file: this.#file,
      baseArgs: this.#baseArgs,
      session: this.sessionName,
      probe: () => this.#client.probe(),
      schedule: options.schedule ?? ((fn) => setImmediate(fn)),
      onUnreaped: () => void this.#windows.nudgeServer().catch(() => undefined),
      startTimeoutMs: options.timeoutMs ?? 5000,
      ...(options.controlSpawner ? { spawner: options.controlSpawner } : {}),
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#clock.setTimeout(resolve, ms));
  }

  /** Per-window ordering key: a known pane id maps to its window. */
  #key(target: Target): string {
    return this.#windowOfPane.get(target) ?? target;
  }

  /** True when a tmux server answers on the socket. */
  async hasServer(): Promise<boolean> {
    try {
      await this.#client.run([['list-sessions', '-F', '#{session_id}']], { spawn: true });
      return true;
    } catch (error) {
      if (isTmuxError(error, 'SERVER_GONE')) return false;
      if (isTmuxError(error, 'COMMAND_FAILED') || isTmuxError(error, 'NOT_FOUND')) return true;
      throw error;
    }
  }

  /**
   * Kills the tmux server (panes get SIGHUP; use killWindow for a thorough process-tree kill). No-op without server.
   * Watchers receive `closed` with reason 'server-gone'.
   */
  async killServer(): Promise<void> {
    try {
      await this.#client.run([['kill-server']], { spawn: true });
    } catch (error) {
      if (!isTmuxError(error, 'SERVER_GONE')) throw error;
    }
  }

  /** Starts `command` (argv, no shell) in a new window of fixed size. The first window creates the session. */
  async createWindow(options: CreateWindowOptions): Promise<CreatedWindow> {
    validateCreateOptions(options);
    return this.#queue.run('\0create', async () => {
      const env = clientEnv(options);
      const create = async (): Promise<{ stdout: string; sized: boolean }> => {
        // An attached control client means the session exists: the window comes over that client. Else try the
        // session first (one client call that also sizes its window), and a window when the session is there.
        if (!this.#hub.channel()) {
          try {
            const stdout = await this.#client.run(
              newSessionCommands(this.sessionName, options, { historyLimit: this.#historyLimit }),
              env ? { env } : {},
            );
            return { stdout, sized: true };
          } catch (error) {
            if (!(isTmuxError(error) && /duplicate session/.test(error.stderr ?? ''))) throw error;
          }
        }
        const path = env?.PATH ?? process.env.PATH;
        const stdout = await this.#client.run(newWindowCommands(this.sessionName, options, path), env ? { env } : {});
        return { stdout, sized: false };
      };
      let made: { stdout: string; sized: boolean } | undefined;
      // The last window closing ends the session, and the server exits a moment later: a create in that moment
      // meets a server that is going away (SERVER_GONE) or a session that just went (NOT_FOUND). Start afresh.
      for (let attempt = 1; made === undefined; attempt++) {
        try {
          made = await create();
        } catch (error) {
          if (attempt >= 5 || !(isTmuxError(error, 'SERVER_GONE') || isTmuxError(error, 'NOT_FOUND'))) throw error;
          await this.#sleep(20 * attempt);
        }
      }
      const { stdout, sized } = made;
      const [id, paneId, pid] = stdout.trim().split('\n').pop()!.split('\t');
      if (!id?.startsWith('@') || !paneId?.startsWith('%')) {
        throw new TmuxError('COMMAND_FAILED', `unexpected new-window output ${JSON.stringify(stdout)}`);
      }
      this.#windowOfPane.set(paneId, id);
      // resize-window also switches this window to window-size manual: attached clients no longer resize it.
      if (!sized)
        await this.#client.run([
          ['resize-window', '-t', id, '-x', String(options.width), '-y', String(options.height)],
        ]);
      return { id: id as Target, paneId: paneId as Target, pid: Number(pid) };
    });
  }

  /** All windows of the session ([] when there is no session or server). */
  listWindows(): Promise<WindowInfo[]> {
    return this.#windows.list();
  }

  /** Info about one window or pane. NOT_FOUND if it does not exist. */
  windowInfo(target: Target): Promise<WindowInfo> {
    assertTarget(target);
    return this.#windows.info(target);
  }

  /** Kills the pane's whole process tree (SIGTERM, SIGKILL after the grace period), then the window. */
  async killWindow(target: Target, options: { graceMs?: number } = {}): Promise<void> {
    assertTarget(target);
    return this.#queue.run(this.#key(target), async () => {
      const info = await this.windowInfo(target);
      if (!info.dead && info.pid > 1) {
        await killProcessTree(this.#table, info.pid, {
          graceMs: options.graceMs ?? this.#killGraceMs,
          sleep: (ms) => this.#sleep(ms),
          now: () => this.#clock.now(),
        });
      }
      this.#hub.windowClosing(info.id);
      try {
        // a spawned client: killing the last window ends the session, and the control client with it
        await this.#client.run([['kill-window', '-t', info.id]], { spawn: true });
      } catch (error) {
        // the last window closing ends the session and, with it, the server
        if (!isTmuxError(error, 'NOT_FOUND') && !isTmuxError(error, 'SERVER_GONE')) throw error;
      }
      this.#windowOfPane.delete(info.paneId);
      this.#hub.windowClosed(info.id);
    });
  }

  async resizeWindow(target: Target, width: number, height: number): Promise<void> {
    assertTarget(target);
    assertSize(width, height);
    await this.#client.run([['resize-window', '-t', target, '-x', String(width), '-y', String(height)]]);
  }

  /**
   * Types or pastes literal text (never through a shell); CRLF and CR become LF. Does not submit: send `Enter` with
   * sendKeys.
   */
  async sendText(target: Target, text: string, options: SendTextOptions = {}): Promise<void> {
    assertTarget(target);
    const mode = options.mode ?? 'typed';
    return this.#queue.run(this.#key(target), async () => {
      if (mode === 'paste') {
        if (text === '') return;
        const buffer = `aegis-${process.pid}-${++this.#bufferSeq}`;
        await this.#client.run(pasteCommands(target, buffer), { input: normalizeNewlines(text) });
        return;
      }
      for (const batch of typedTextBatches(target, text)) await this.#client.run(batch);
    });
  }

  /** Sends named keys (see KEY_NAMES); anything else is rejected with INVALID_ARGUMENT. */
  async sendKeys(target: Target, keys: readonly KeyName[]): Promise<void> {
    assertTarget(target);
    assertKeyNames(keys);
    if (keys.length === 0) return;
    return this.#queue.run(this.#key(target), async () => {
      await this.#client.run([['send-keys', '-t', target, ...keys.map(escapeArg)]]);
    });
  }

  /** The screen as text (as wrapped on screen), optionally with escapes and scrollback. */
  async capture(target: Target, options: CaptureOptions = {}): Promise<string> {
    assertTarget(target);
    const args = ['capture-pane', '-p', '-t', target];
    if (options.escapes) args.push('-e');
    if (options.history) args.push('-S', '-');
    return this.#client.run([args]);
  }

  /** Cursor position (0-based column and row of the visible screen). */
  async cursor(target: Target): Promise<{ x: number; y: number }> {
    assertTarget(target);
    const out = (
      await this.#client.run([['display-message', '-p', '-t', target, '#{pane_id} #{cursor_x} #{cursor_y}']])
    ).trim();
    const [pane, x, y] = out.split(' ');
    if (!pane) throw new TmuxError('NOT_FOUND', `can't find window or pane ${target}`);
    return { x: Number(x), y: Number(y) };
  }

  /**
   * Pushes screen changes of a window's (active) pane or a pane. Resolves once the control-mode client is attached,
   * so every change after that is reported. NOT_FOUND if the target does not exist.
   */
  async watch(target: Target, listener: WatchListener): Promise<Unsubscribe> {
    assertTarget(target);
    const info = await this.windowInfo(target);
    this.#windowOfPane.set(info.paneId, info.id);
    return this.#hub.add(
      {
        paneId: info.paneId,
        windowId: info.id,
        dead: info.dead,
        exitStatus: info.exitStatus,
        exitSignal: info.exitSignal,
      },
      listener,
    );
  }

  /** Stops the control-mode client (watchers get nothing more). Leaves the server and its windows running. */
  close(): void {
    this.#hub.stop();
  }
}

export function createTmuxDriver(options: TmuxDriverOptions = {}): TmuxDriver {
  return new TmuxDriver(options);
}
