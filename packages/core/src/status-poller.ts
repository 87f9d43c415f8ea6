import { watch } from 'node:fs';
import { join } from 'node:path';
import { parseStatusFile, type StatusFile } from '@aegis/state';
import type { Clock, FileSystem, TimerHandle } from './io.js';

type Listener = (file: StatusFile | null) => void;

/** Calls `onChange` when something in `dir` changes; returns the stop function. Throws when `dir` cannot be watched. */
export type WatchDir = (dir: string, onChange: () => void) => () => void;

/** inotify (via `fs.watch`) on the folder; a watcher that fails later just stops (the poll still runs). */
export const nodeWatchDir: WatchDir = (dir, onChange) => {
  const w = watch(dir, { persistent: false }, onChange);
  w.on('error', () => w.close());
  return () => w.close();
};

/**
 * One poller per Claude config dir for `sessions/<pid>.json` (Claude Code's own status files), shared by all sessions:
 * reads only files whose mtime changed, routes each by `sessionId`. The folder is watched, so a rewrite is read at
 * once; the poll every `intervalMs` stays as the safety net (a folder not created yet, a missed event).
 */
export class StatusPoller {
  readonly #dir: string;
  readonly #fs: FileSystem;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #listeners = new Map<string, Listener>();
  readonly #cache = new Map<string, { mtimeMs: number; file: StatusFile | null }>();
  readonly #lastSent = new Map<string, string>();
  readonly #watchDir: WatchDir | null;
  #unwatch: (() => void) | undefined;
  #timer: TimerHandle | undefined;
  #running: Promise<void> | undefined;

  /** `watchDir: null` polls only (tests on a fake file system). */
  constructor(
    configDir: string,
    fs: FileSystem,
    clock: Clock,
    intervalMs: number,
    watchDir: WatchDir | null = nodeWatchDir,
  ) {
    this.#dir = join(configDir, 'sessions');
    this.#fs = fs;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#watchDir = watchDir;
  }

  /** Routes the status file of Claude session `claudeSessionId` to `listener`. */
  add(claudeSessionId: string, listener: Listener): () => void {
    this.#listeners.set(claudeSessionId, listener);
    this.#schedule(0);
    return () => {
      this.#listeners.delete(claudeSessionId);
      this.#lastSent.delete(claudeSessionId);
    };
  }

  get size(): number {
    return this.#listeners.size;
  }

  /** Polls once now (after a poll already running). */
  async poll(): Promise<void> {
    while (this.#running) await this.#running;
    this.#running = this.#pollOnce().finally(() => (this.#running = undefined));
    return this.#running;
  }

  #startWatching(): void {
    if (this.#unwatch || !this.#watchDir || this.#listeners.size === 0) return;
    try {
      this.#unwatch = this.#watchDir(this.#dir, () => this.#schedule(0));
    } catch {
      this.#unwatch = undefined; // not there yet: the next poll tries again
    }
  }

  async #pollOnce(): Promise<void> {
    this.#startWatching();
    {
      let names: string[] = [];
      try {
        names = (await this.#fs.readdir(this.#dir)).filter((n) => n.endsWith('.json'));
      } catch {
        names = [];
      }
      const bySession = new Map<string, StatusFile>();
      for (const name of names) {
        const path = join(this.#dir, name);
        try {
          const st = await this.#fs.stat(path);
          let entry = this.#cache.get(path);
          if (!entry || entry.mtimeMs !== st.mtimeMs) {
            try {
              entry = { mtimeMs: st.mtimeMs, file: parseStatusFile(await this.#fs.readFile(path)) };
            } catch {
              // read half-written (the watcher fires while Claude writes): keep what it said before, read it again
              entry = { mtimeMs: -1, file: entry?.file ?? null };
            }
            this.#cache.set(path, entry);
          }
          if (entry.file) bySession.set(entry.file.sessionId, entry.file);
        } catch {
          this.#cache.delete(path);
        }
      }
      for (const key of [...this.#cache.keys()])
        if (!names.includes(key.slice(this.#dir.length + 1))) this.#cache.delete(key);
      for (const [sid, listener] of this.#listeners) {
        const file = bySession.get(sid) ?? null;
        const sig = file ? JSON.stringify(file) : 'null';
        if (this.#lastSent.get(sid) === sig) continue;
        this.#lastSent.set(sid, sig);
        listener(file);
      }
    }
  }

  #schedule(ms: number): void {
    if (this.#timer !== undefined) {
      if (ms > 0) return;
      this.#clock.clearTimeout(this.#timer);
    }
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.poll().finally(() => {
        if (this.#listeners.size > 0) this.#schedule(this.#intervalMs);
      });
    }, ms);
  }

  stop(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#listeners.clear();
  }
}
