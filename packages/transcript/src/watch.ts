import { watch as fsWatch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { TranscriptTail, type TailOptions, type TailReset, type TailResult } from './tail.js';
import type { TranscriptEntry } from './types.js';

/** Something read incrementally: a {@link TranscriptTail}, or a `Transcript` (which also indexes). */
export interface TailSource {
  readNew(): Promise<TailResult>;
}

/** A running folder watch. */
export interface WatchHandle {
  close(): void;
}

/**
 * Watch a folder; call `onChange` with the changed file's name (or null when unknown). Throws when the
 * folder does not exist; calls `onError` when the watch breaks (the watcher then re-arms on the next poll).
 */
export type WatchFn = (
  dir: string,
  onChange: (filename: string | null) => void,
  onError: (err: unknown) => void,
) => WatchHandle;

/** Timer functions (injectable for tests). */
export interface WatchTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** `fs.watch` on a folder, as a {@link WatchFn}. */
export const nodeWatch: WatchFn = (dir, onChange, onError) => {
  const w = fsWatch(dir, (_event, filename) => onChange(filename === null ? null : String(filename)));
  w.on('error', onError);
  return { close: () => w.close() };
};

const realTimers: WatchTimers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export interface WatchOptions extends TailOptions {
  /** What to read from. Default: a new {@link TranscriptTail} on the path. */
  source?: TailSource;
  /** Fallback poll period in ms (also catches missed watch events and a folder that appears later). Default: 1000. */
  pollIntervalMs?: number;
  /** Folder watch; null polls only. Default: {@link nodeWatch} on the file's folder. */
  watch?: WatchFn | null;
  /** Timers. Default: the global `setInterval` / `clearInterval`. */
  timers?: WatchTimers;
}

/** Events of a {@link TranscriptWatcher}. */
export interface WatcherEvents {
  /** Every read that found something: entries, malformed lines or a reset. */
  batch: [result: TailResult];
  /** New entries (non-empty). */
  entries: [entries: TranscriptEntry[], result: TailResult];
  /** The file was truncated or replaced; entries that follow come from the new content. */
  reset: [reason: TailReset];
  /** A read failed (the watcher keeps going). */
  error: [error: unknown];
  close: [];
}

type Listener<K extends keyof WatcherEvents> = (...args: WatcherEvents[K]) => void;

/**
 * Pushes new entries as a transcript grows: a folder watch triggers reads, a poll interval backs it up, and
 * reads are serialised (a change during a read causes one more read). Waits for a file that does not exist
 * yet. Keeps the process alive until {@link close}. Use `on('entries', …)` or `for await (const batch of watcher)`.
 */
export class TranscriptWatcher implements AsyncIterable<TailResult> {
  readonly path: string;
  readonly source: TailSource;
  readonly #watchFn: WatchFn | null;
  readonly #timers: WatchTimers;
  readonly #pollMs: number;
  readonly #listeners = new Map<keyof WatcherEvents, Set<(...args: never[]) => void>>();
  #watchHandle: WatchHandle | null = null;
  #interval: unknown = null;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #started = false;

  constructor(path: string, options: WatchOptions = {}) {
    this.path = path;
    this.source = options.source ?? new TranscriptTail(path, options);
    this.#watchFn = options.watch === undefined ? nodeWatch : options.watch;
    this.#timers = options.timers ?? realTimers;
    this.#pollMs = options.pollIntervalMs ?? 1000;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Start watching and polling, and read what is already there. */
  start(): this {
    if (this.#started || this.#closed) return this;
    this.#started = true;
    this.#arm();
    this.#interval = this.#timers.setInterval(() => void this.check(), this.#pollMs);
    void this.check();
    return this;
  }

  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof WatcherEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (...args: never[]) => void);
    return () => set.delete(listener as (...args: never[]) => void);
  }

  /** Read now. Concurrent calls share one read loop; resolves when nothing is left to read. */
  check(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running !== null) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#readOnce();
        } while (this.#again && !this.#closed);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  /** Stop watching; iterators finish. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#watchHandle?.close();
    this.#watchHandle = null;
    if (this.#interval !== null) this.#timers.clearInterval(this.#interval);
    this.#interval = null;
    this.#emit('close');
    this.#listeners.clear();
  }

  [Symbol.asyncIterator](): AsyncIterator<TailResult> {
    const queue: TailResult[] = [];
    let wake: (() => void) | null = null;
    let done = this.#closed;
    const offBatch = this.on('batch', (r) => {
      queue.push(r);
      wake?.();
    });
    const offClose = this.on('close', () => {
      done = true;
      wake?.();
    });
    const finish = (): IteratorResult<TailResult> => {
      done = true;
      offBatch();
      offClose();
      return { value: undefined, done: true };
    };
    return {
      next: async () => {
        while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        const value = queue.shift();
        return value === undefined ? finish() : { value, done: false };
      },
      return: async () => {
        wake?.();
        return finish();
      },
    };
  }

  async #readOnce(): Promise<void> {
    if (this.#watchHandle === null) this.#arm();
    let result: TailResult;
    try {
      result = await this.source.readNew();
    } catch (err) {
      this.#emit('error', err);
      return;
    }
    if (this.#closed) return;
    if (result.reset !== null) this.#emit('reset', result.reset);
    if (result.entries.length > 0) this.#emit('entries', result.entries, result);
    if (result.entries.length > 0 || result.malformed > 0 || result.reset !== null) this.#emit('batch', result);
  }

  #arm(): void {
    if (this.#watchFn === null || this.#closed || this.#watchHandle !== null) return;
    const name = basename(this.path);
    try {
      this.#watchHandle = this.#watchFn(
        dirname(this.path),
        (filename) => {
          if (filename === null || filename === name) void this.check();
        },
        () => {
          this.#watchHandle?.close();
          this.#watchHandle = null;
        },
      );
    } catch {
      this.#watchHandle = null; // folder missing: the poll re-arms later
    }
  }

  #emit<K extends keyof WatcherEvents>(event: K, ...args: WatcherEvents[K]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const l of [...set]) {
      try {
        (l as Listener<K>)(...args);
      } catch (err) {
        if (event !== 'error') this.#emit('error', err);
      }
    }
  }
}

/** Create and start a {@link TranscriptWatcher}. */
export function watchTranscript(path: string, options: WatchOptions = {}): TranscriptWatcher {
  return new TranscriptWatcher(path, options).start();
}
