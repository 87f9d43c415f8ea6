import type { Target, Terminal } from './terminal.js';

export interface ScreenFeedHandlers {
  onScreen(text: string): void;
  onExit(code: number | null, signal: number | null): void;
  onClosed(reason: string): void;
  /** The clock behind {@link ScreenFeed.quietFor}. Default: `Date.now`. */
  now?(): number;
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
  #outputWaiters: (() => void)[] = [];
  #changedAt = -Infinity;
  last = '';

  constructor(terminal: Terminal, paneId: Target, handlers: ScreenFeedHandlers) {
    this.#terminal = terminal;
    this.#pane = paneId;
    this.#h = handlers;
  }

  #now(): number {
    return this.#h.now?.() ?? Date.now();
  }

  /** How long the screen has stayed unchanged (ms); 0 while a capture runs (it may bring a change). */
  quietFor(): number {
    return this.#capturing ? 0 : this.#now() - this.#changedAt;
  }

  async start(): Promise<void> {
    this.#stop = await this.#terminal.watch(this.#pane, (e) => {
      if (this.#closed) return;
      if (e.type === 'changed') {
        for (const w of this.#outputWaiters.splice(0)) w();
        void this.refresh();
      } else if (e.type === 'exited') this.#h.onExit(e.exitStatus, e.exitSignal);
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
        if (changed) this.#changedAt = this.#now();
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
    return waitOn(this.#changeWaiters, timeoutMs, setTimer);
  }

  /**
   * Resolves when tmux next reports output of the pane (true), before any capture: the program has read input and
   * drawn; or false after `timeoutMs`. One capture round trip sooner than {@link nextChange}.
   */
  nextOutput(timeoutMs: number, setTimer: (fn: () => void, ms: number) => () => void): Promise<boolean> {
    return waitOn(this.#outputWaiters, timeoutMs, setTimer);
  }

  stop(): void {
    this.#closed = true;
    for (const w of this.#changeWaiters.splice(0)) w();
    for (const w of this.#outputWaiters.splice(0)) w();
    this.#stop?.();
  }
}

/** Adds a waiter to `waiters`: true when it is called, false after `timeoutMs`. */
function waitOn(
  waiters: (() => void)[],
  timeoutMs: number,
  setTimer: (fn: () => void, ms: number) => () => void,
): Promise<boolean> {
  return new Promise((resolve) => {
    let cancel = () => {};
    const w = () => {
      cancel();
      resolve(true);
    };
    waiters.push(w);
    cancel = setTimer(() => {
      const i = waiters.indexOf(w);
      if (i !== -1) waiters.splice(i, 1);
      resolve(false);
    }, timeoutMs);
  });
}
