import { join } from 'node:path';
import type { AegisEvent } from '../events.js';
import { isNotFound, nodeFileSystem, type FileSystem } from '../io.js';
import type { EventCut, EventStore } from './types.js';

/** Events as JSON lines in `<stateDir>/events.jsonl`, appended in call order; a torn last line (a crash) is skipped. */
export class FileEventStore implements EventStore {
  readonly path: string;
  readonly #fs: FileSystem;
  #appending: Promise<void> = Promise.resolve();

  constructor(stateDir: string, fs: FileSystem = nodeFileSystem) {
    this.path = join(stateDir, 'events.jsonl');
    this.#fs = fs;
  }

  async tail(limit: number): Promise<AegisEvent[]> {
    return (await this.#readAll()).slice(-limit);
  }

  append(event: AegisEvent): Promise<void> {
    const line = JSON.stringify(event) + '\n';
    const done = this.#appending.then(() => this.#fs.appendFile(this.path, line));
    this.#appending = done.catch(() => undefined);
    return done;
  }

  async read(after: number, filter?: { sessionId?: string }): Promise<AegisEvent[]> {
    await this.#appending;
    return (await this.#readAll()).filter(
      (e) => e.id > after && (!filter?.sessionId || e.sessionId === filter.sessionId),
    );
  }

  /**
   * Rewrites the file without the cut events (temp file + rename: a crash leaves the old or the new file). It runs
   * in the append queue, so an append made meanwhile waits for it and lands in the new file.
   */
  prune(cut: EventCut): Promise<number> {
    const done = this.#appending.then(async () => {
      const all = await this.#readAll();
      const kept = all.filter((e) => e.at >= cut.before && e.id >= cut.belowId);
      if (kept.length === all.length) return 0;
      await this.#fs.writeFileAtomic(this.path, kept.map((e) => JSON.stringify(e) + '\n').join(''), 0o600);
      return all.length - kept.length;
    });
    this.#appending = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  async #readAll(): Promise<AegisEvent[]> {
    let text: string;
    try {
      text = await this.#fs.readFile(this.path);
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
    const out: AegisEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const e = JSON.parse(line) as AegisEvent;
        if (typeof e.id === 'number') out.push(e);
      } catch {
        /* a torn last line after a crash */
      }
    }
    return out;
  }
}
