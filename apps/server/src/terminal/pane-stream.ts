import type { KeyName, Target, WatchEvent } from '@aegis/tmux';

/** The part of the tmux driver a live terminal needs (core's `SessionManager.terminal`; tests pass a fake). */
export interface PaneTerminal {
  capture(target: Target, o?: { escapes?: boolean }): Promise<string>;
  watch(target: Target, listener: (e: WatchEvent) => void): Promise<() => void>;
  windowInfo(target: Target): Promise<{ width: number; height: number }>;
  sendText(target: Target, text: string, o?: { mode?: 'typed' | 'paste' }): Promise<void>;
  sendKeys(target: Target, keys: KeyName[]): Promise<void>;
}

/** What the browser's xterm gets: its size first, then screen updates (ANSI), then the end. */
export type TerminalFrame =
  | { type: 'size'; cols: number; rows: number }
  | { type: 'screen'; data: string }
  | { type: 'exited'; exitStatus: number | null }
  | { type: 'closed'; reason: string }
  | { type: 'error'; code: string; message: string };

/**
 * Follows one pane for one viewer: tmux pushes "changed" (control mode, no polling), the stream captures the
 * screen with its colours (one capture in flight, one more if it changed meanwhile) and sends only the lines
 * that differ from what this viewer has, as cursor-addressed ANSI.
 */
export class PaneStream {
  readonly #t: PaneTerminal;
  readonly #pane: Target;
  readonly #send: (f: TerminalFrame) => void;
  #lines: string[] = [];
  #stop: (() => void) | undefined;
  #capturing = false;
  #again = false;
  #closed = false;

  constructor(terminal: PaneTerminal, paneId: Target, send: (f: TerminalFrame) => void) {
    this.#t = terminal;
    this.#pane = paneId;
    this.#send = send;
  }

  async start(windowId: Target): Promise<void> {
    const info = await this.#t.windowInfo(windowId);
    this.#send({ type: 'size', cols: info.width, rows: info.height });
    this.#stop = await this.#t.watch(this.#pane, (e) => {
      if (this.#closed) return;
      if (e.type === 'changed') void this.refresh();
      else if (e.type === 'exited') this.#send({ type: 'exited', exitStatus: e.exitStatus });
      else {
        this.#send({ type: 'closed', reason: e.reason });
        this.stop();
      }
    });
    await this.refresh();
  }

  /** Captures now, coalesced with a capture already running. */
  async refresh(): Promise<void> {
    if (this.#capturing) {
      this.#again = true;
      return;
    }
    this.#capturing = true;
    try {
      do {
        this.#again = false;
        let text: string;
        try {
          text = await this.#t.capture(this.#pane, { escapes: true });
        } catch {
          return; // the window is gone: the watch says so
        }
        if (this.#closed) return;
        const data = this.#diff(text.split('\n'));
        if (data) this.#send({ type: 'screen', data });
      } while (this.#again && !this.#closed);
    } finally {
      this.#capturing = false;
    }
  }

  /** ANSI that turns the viewer's screen into `lines`: each changed row rewritten, attributes reset around it. */
  #diff(lines: string[]): string {
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // capture-pane ends with a newline
    let out = '';
    const rows = Math.max(lines.length, this.#lines.length);
    for (let i = 0; i < rows; i++) {
      const line = lines[i] ?? '';
      if (line === (this.#lines[i] ?? null)) continue;
      out += `\x1b[${i + 1};1H\x1b[0m${line}\x1b[0m\x1b[K`;
    }
    this.#lines = lines;
    return out;
  }

  stop(): void {
    this.#closed = true;
    this.#stop?.();
    this.#stop = undefined;
  }
}
