import { join } from 'node:path';
import type { AegisEvent } from '../events.js';
import { isNotFound, nodeFileSystem, type FileSystem } from '../io.js';
import type { EventCut, EventStore } from './types.js';

/** Events as JSON lines in `<stateDir>/events.jsonl`, appended in call order; a torn last line (a crash) is skipped. */
export class FileEventStore implements EventStore {
  readonly path: string;
  readonly #fs: FileSystem;
  /** The file's writes, one at a time: appends and the two short steps of a prune. */
  #queue: Promise<void> = Promise.resolve();
  #pruning: Promise<unknown> = Promise.resolve();
  /** Lines appended while a prune filters the file: they go into its new file too. */
  #appendedMeanwhile: string[] | null = null;

  constructor(stateDir: string, fs: FileSystem = nodeFileSystem) {
    this.path = join(stateDir, 'events.jsonl');
    this.#fs = fs;
  }

  async tail(limit: number): Promise<AegisEvent[]> {
    return parse(await this.#readText()).slice(-limit);
  }

  append(event: AegisEvent): Promise<void> {
    const line = JSON.stringify(event) + '\n';
    return this.#queued(async () => {
      await this.#fs.appendFile(this.path, line);
      this.#appendedMeanwhile?.push(line);
    });
  }

  async read(after: number, filter?: { sessionId?: string }): Promise<AegisEvent[]> {
    await this.#queue;
    return parse(await this.#readText()).filter(
      (e) => e.id > after && (!filter?.sessionId || e.sessionId === filter.sessionId),
    );
  }

  /**
   * Rewrites the file without the cut events: a temp file renamed over it, so a crash leaves the old or the new
   * file. Appends wait only for the read and the final write; the filtering yields to the event loop and runs
   * beside them, and what they append meanwhile is carried into the new file.
   */
  prune(cut: EventCut): Promise<number> {
    const run = this.#pruning.then(() => this.#prune(cut));
    this.#pruning = run.catch(() => undefined);
    return run;
  }

  async #prune(cut: EventCut): Promise<number> {
    try {
      const text = await this.#queued(() => {
        this.#appendedMeanwhile = [];
        return this.#readText();
      });
      const kept: string[] = [];
      let total = 0;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
        const e = parseLine(lines[i]!);
        if (!e) continue;
        total++;
        if (e.at >= cut.before && e.id >= cut.belowId) kept.push(lines[i]! + '\n');
      }
      if (kept.length === total) return 0;
      const body = kept.join('');
      // in the queue: every append before this step is in `appendedMeanwhile`, every later one lands in the new file
      await this.#queued(() => this.#fs.writeFileAtomic(this.path, body + this.#appendedMeanwhile!.join(''), 0o600));
      return total - kept.length;
    } finally {
      this.#appendedMeanwhile = null;
    }
  }

  #queued<T>(step: () => Promise<T>): Promise<T> {
    const done = this.#queue.then(step);
    this.#queue = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  async #readText(): Promise<string> {
    try {
      return await this.#fs.readFile(this.path);
    } catch (e) {
      if (isNotFound(e)) return '';
      throw e;
    }
  }
}

/** Lines parsed between two yields to the event loop: a prune of a large log never stalls the server for long. */
const YIELD_EVERY = 5000;

function parseLine(line: string): AegisEvent | null {
  if (!line) return null;
  try {
    const e = JSON.parse(line) as AegisEvent;
    return typeof e.id === 'number' ? e : null;
  } catch {
    return null; // a torn last line after a crash
  }
}

function parse(text: string): AegisEvent[] {
  return text
    .split('\n')
    .map(parseLine)
    .filter((e): e is AegisEvent => e !== null);
}
