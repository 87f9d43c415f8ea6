import { ControlConnection, type ControlSpawner } from './control.js';
import type { ControlNotification } from './control-parse.js';
import { deadState } from './window-info.js';

/** What `watch` pushes. `closed` is final: the listener is removed after it. */
export type WatchEvent =
  /** The pane's screen may have changed (output, mode change, resize). Coalesced per macrotask. */
  | { type: 'changed'; paneId: string; windowId: string }
  /** The pane's process exited; the window stays (remain-on-exit) until killed. Pushed within ~1 s. */
  | { type: 'exited'; paneId: string; windowId: string; exitStatus: number | null; exitSignal: number | null }
  /** The window is gone ('window-closed') or the tmux server died ('server-gone'). */
  | { type: 'closed'; paneId: string; windowId: string; reason: 'window-closed' | 'server-gone' };

export type WatchListener = (event: WatchEvent) => void;
export type Unsubscribe = () => void;

export interface WatchedPane {
  paneId: string;
  windowId: string;
  dead: boolean;
  exitStatus: number | null;
  exitSignal: number | null;
}

interface Watcher {
  pane: WatchedPane;
  listener: WatchListener;
  exited: boolean;
}

export interface WatchHubOptions {
  file: string;
  baseArgs: readonly string[];
  session: string;
  /** Is the session still there ('session'), the server without it ('no-session'), or no server ('no-server')? */
  probe: () => Promise<'session' | 'no-session' | 'no-server'>;
  schedule: (fn: () => void) => void;
  /** A pane's terminal closed but tmux has not reaped its process: make tmux look (see `deadState`). */
  onUnreaped: () => void;
  spawner?: ControlSpawner;
  startTimeoutMs: number;
}

const DEAD_SUBSCRIPTION = 'aegis-dead';
/** Constant control-mode command: push `pane_dead` changes of every pane (tmux checks subscriptions once a second). */
const INIT_COMMANDS = [
  `refresh-client -B '${DEAD_SUBSCRIPTION}:%*:#{pane_dead}/#{pane_dead_status}/#{pane_dead_signal}'`,
];
const MAX_RECONNECTS = 3;

/** Fans control-mode notifications out to per-pane listeners; one control client per driver, only while watched. */
export class WatchHub {
  readonly #o: WatchHubOptions;
  readonly #watchers = new Set<Watcher>();
  /** Windows the driver is killing right now. */
  readonly #closing = new Set<string>();
  readonly #pendingChange = new Set<string>();
  #conn: ControlConnection | undefined;
  #connecting: Promise<void> | undefined;
  #failedReconnects = 0;

  constructor(options: WatchHubOptions) {
    this.#o = options;
  }

  async add(pane: WatchedPane, listener: WatchListener): Promise<Unsubscribe> {
    const watcher: Watcher = { pane, listener, exited: false };
    this.#watchers.add(watcher);
    const unsubscribe = (): void => this.#remove(watcher);
    try {
      await this.#ensureConnected();
    } catch (error) {
      unsubscribe();
      throw error;
    }
    if (pane.dead) this.#o.schedule(() => this.#exited(watcher, pane.exitStatus, pane.exitSignal));
    return unsubscribe;
  }

  /** The driver is killing this window: if the server exits first (it was the last window), that is why. */
  windowClosing(windowId: string): void {
    this.#closing.add(windowId);
  }

  /** The driver killed this window: its watchers get `closed` even if the server exits before tmux says so. */
  windowClosed(windowId: string): void {
    this.#closing.delete(windowId);
    for (const w of [...this.#watchers]) if (w.pane.windowId === windowId) this.#close(w, 'window-closed');
  }

  /** The attached control client, to run commands over (undefined while none is attached). */
  channel(): ControlConnection | undefined {
    return this.#conn?.usable ? this.#conn : undefined;
  }

  get watcherCount(): number {
    return this.#watchers.size;
  }

  /** Stops the control client; listeners stay registered but get nothing until the next `add`. */
  stop(): void {
    this.#disconnect();
  }

  #disconnect(): void {
    const conn = this.#conn;
    this.#conn = undefined;
    this.#connecting = undefined;
    conn?.stop();
  }

  #remove(watcher: Watcher): void {
    if (!this.#watchers.delete(watcher)) return;
    if (this.#watchers.size === 0) this.#disconnect();
  }

  #ensureConnected(): Promise<void> {
    if (this.#conn && !this.#conn.closed) return this.#connecting ?? Promise.resolve();
    const conn = new ControlConnection({
      file: this.#o.file,
      baseArgs: this.#o.baseArgs,
      session: this.#o.session,
      initCommands: INIT_COMMANDS,
      onNotification: (n) => this.#onNotification(n),
      onClose: () => void this.#onClose(conn),
      startTimeoutMs: this.#o.startTimeoutMs,
      ...(this.#o.spawner ? { spawner: this.#o.spawner } : {}),
    });
    this.#conn = conn;
    const connecting = conn.start().finally(() => {
      if (this.#connecting === connecting) this.#connecting = undefined;
    });
    this.#connecting = connecting;
    return connecting;
  }

  async #onClose(conn: ControlConnection): Promise<void> {
    if (this.#conn !== conn) return;
    this.#conn = undefined;
    if (this.#watchers.size === 0) return;
    const state = await this.#o.probe().catch(() => 'no-server' as const);
    if (state === 'session' && this.#failedReconnects < MAX_RECONNECTS) {
      this.#failedReconnects++;
      try {
        await this.#ensureConnected();
        this.#failedReconnects = 0;
        for (const w of this.#watchers) this.#scheduleChange(w.pane.paneId); // we may have missed output
        return;
      } catch {
        /* fall through: report the panes as gone */
      }
    }
    for (const w of [...this.#watchers])
      this.#close(w, state === 'no-server' && !this.#closing.has(w.pane.windowId) ? 'server-gone' : 'window-closed');
  }

  #onNotification(n: ControlNotification): void {
    switch (n.type) {
      case 'output':
      case 'pane-mode-changed':
        this.#scheduleChange(n.paneId);
        break;
      case 'layout-change':
        for (const w of this.#watchers) if (w.pane.windowId === n.windowId) this.#scheduleChange(w.pane.paneId);
        break;
      case 'window-close':
        this.windowClosed(n.windowId);
        break;
      case 'subscription': {
        if (n.name !== DEAD_SUBSCRIPTION) break;
        const [flag = '', status = '', signal = ''] = n.value.split('/');
        const state = deadState(flag, status, signal);
        if (flag === '1' && !state.dead) this.#o.onUnreaped();
        if (!state.dead) break;
        for (const w of this.#watchers)
          if (w.pane.paneId === n.paneId) this.#exited(w, state.exitStatus, state.exitSignal);
        break;
      }
      default:
        break;
    }
  }

  #scheduleChange(paneId: string): void {
    if (this.#pendingChange.has(paneId)) return;
    let watched = false;
    for (const w of this.#watchers) if (w.pane.paneId === paneId) watched = true;
    if (!watched) return;
    this.#pendingChange.add(paneId);
    this.#o.schedule(() => {
      this.#pendingChange.delete(paneId);
      for (const w of [...this.#watchers]) {
        if (w.pane.paneId === paneId) emit(w, { type: 'changed', paneId, windowId: w.pane.windowId });
      }
    });
  }

  #exited(w: Watcher, exitStatus: number | null, exitSignal: number | null): void {
    if (w.exited || !this.#watchers.has(w)) return;
    w.exited = true;
    emit(w, { type: 'exited', paneId: w.pane.paneId, windowId: w.pane.windowId, exitStatus, exitSignal });
  }

  #close(w: Watcher, reason: 'window-closed' | 'server-gone'): void {
    if (!this.#watchers.has(w)) return;
    this.#remove(w);
    emit(w, { type: 'closed', paneId: w.pane.paneId, windowId: w.pane.windowId, reason });
  }
}

function emit(w: Watcher, event: WatchEvent): void {
  try {
    w.listener(event);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
