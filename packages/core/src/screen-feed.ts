import type { Target, Terminal } from './terminal.js';

export interface ScreenFeedHandlers {
  onScreen(text: string): void;
  onExit(code: number | null, signal: number | null): void;
  onClosed(reason: string): void;
}

/**
 * Follows one pane: tmux pushes "changed", the feed captures (one capture in flight, one more if the pane
 * changed meanwhile) and hands the text on. Exits and closes are passed through.
 */
export class ScreenFeed {
  readonly #terminal: Terminal;
  readonly #pane: Target;
  readonly #h: ScreenFeedHandlers;
  #stop: (() => void) | undefined;
  #capturing = false;
  #again = false;
  #closed = false;
  #changeWaiters: (() => void)[] = [];
  last = '';

  constructor(terminal: Terminal, paneId: Target, handlers: ScreenFeedHandlers) {
    this.#terminal = terminal;
    this.#pane = paneId;
    this.#h = handlers;
  }

  async start(): Promise<void> {
    this.#stop = await this.#terminal.watch(this.#pane, (e) => {
      if (this.#closed) return;
      if (e.type === 'changed') void this.refresh();
      else if (e.type === 'exited') this.#h.onExit(e.exitStatus, e.exitSignal);
      else this.#h.onClosed(e.reason);
    });
    await this.refresh();
  }

  /** Captures now (coalesced with a capture already running). Resolves when a capture after the call finished. */
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
          text = await this.#terminal.capture(this.#pane);
        } catch {
          return; // window gone: the watch reports it
        }
        if (this.#closed) return;
        const changed = text !== this.last;
        this.last = text;
        this.#h.onScreen(text);
        if (changed) for (const w of this.#changeWaiters.splice(0)) w();
      } while (this.#again);
    } finally {
      this.#capturing = false;
    }
  }

  /** Resolves at the next capture whose text differs (true), or false after `timeoutMs` (on `setTimer`). */
  nextChange(timeoutMs: number, setTimer: (fn: () => void, ms: number) => () => void): Promise<boolean> {
    return new Promise((resolve) => {
      let cancel = () => {};
      const w = () => {
        cancel();
        resolve(true);
      };
      this.#changeWaiters.push(w);
      cancel = setTimer(() => {
        this.#changeWaiters = this.#changeWaiters.filter((x) => x !== w);
        resolve(false);
      }, timeoutMs);
    });
  }

  stop(): void {
    this.#closed = true;
    for (const w of this.#changeWaiters.splice(0)) w();
    this.#stop?.();
  }
}
