import type { AegisEvent, NewEvent } from './events.js';
import { realClock, type Clock, type FileSystem } from './io.js';
import { resumeFrom } from './resume.js';
import { FileEventStore } from './storage/file-event-store.js';
import { RetryingWrites } from './storage/retrying-writes.js';
import type { EventCut, EventStore } from './storage/types.js';

export interface EventLogOptions {
  /** Folder of the log (`events.jsonl`). Null keeps events in memory only (unless `store` is given). */
  dir: string | null;
  fs?: FileSystem;
  /** Where events are kept. Default: `events.jsonl` in `dir`. */
  store?: EventStore;
  clock?: Clock;
  /** Events kept in memory for fast replay. Default 5000. */
  memoryLimit?: number;
}

export type EventListener = (event: AegisEvent) => void;

/**
 * The typed event bus and its durable, append-only log (JSONL, monotonic ids). Subscribers may replay from any
 * id, also after a restart: `subscribe(fn, { after: lastSeenId })`.
 */
export class EventLog {
  readonly #store: EventStore | null;
  readonly #clock: Clock;
  readonly #memoryLimit: number;
  readonly #listeners = new Set<EventListener>();
  readonly #durable = new WeakSet<EventListener>();
  #recent: AegisEvent[] = [];
  #lastId = 0;
  #writes: Promise<void> = Promise.resolve();
  readonly #retry = new RetryingWrites();
  #pendingWrites = 0;

  constructor(options: EventLogOptions) {
    this.#store = options.store ?? (options.dir === null ? null : new FileEventStore(options.dir, options.fs));
    this.#clock = options.clock ?? realClock;
    this.#memoryLimit = options.memoryLimit ?? 5000;
  }

  /** Reads the existing log so ids continue where they stopped. */
  async open(): Promise<void> {
    if (!this.#store) return;
    this.#recent = await this.#store.tail(this.#memoryLimit);
    this.#lastId = this.#recent.at(-1)?.id ?? 0;
  }

  get lastId(): number {
    return this.#lastId;
  }

  /** Numbers, stores and publishes one event. */
  emit(event: NewEvent): AegisEvent {
    const full = { ...event, id: ++this.#lastId, at: this.#clock.now() } as AegisEvent;
    this.#recent.push(full);
    if (this.#recent.length > this.#memoryLimit) this.#recent.splice(0, this.#recent.length - this.#memoryLimit);
    const store = this.#store;
    if (store) {
      // the store keeps call order; chaining keeps `flush` and durable listeners in order too. A failed append is
      // retried, and later ones wait behind it, so the log stays in order when the store comes back.
      this.#pendingWrites++;
      const written = this.#retry.run(`event:${full.id}`, () => store.append(full), { ordered: true });
      void written.then(() => this.#pendingWrites--);
      this.#writes = Promise.all([this.#writes, written]).then(() => undefined);
    }
    for (const l of this.#listeners) {
      const call = () => {
        try {
          l(full);
        } catch {
          /* a listener's failure is its own */
        }
      };
      // durable listeners get an event once it is on disk (in order: the writes are chained)
      if (this.#durable.has(l) && this.#store) void this.#writes.then(call);
      else call();
    }
    return full;
  }

  /** Why appends fail (disk full, read-only, the database away); null once every failed one has landed. */
  get writeError(): Error | null {
    return this.#retry.error;
  }

  /** Stops retrying failed appends (at shutdown). */
  stop(): void {
    this.#retry.stop();
  }

  /** Events emitted but not yet stored (their append is under way): how far the durable log lags the bus. */
  get pendingWrites(): number {
    return this.#pendingWrites + this.#retry.pending;
  }

  /** Resolves once every emitted event is on disk. */
  flush(): Promise<void> {
    return this.#writes;
  }

  /**
   * Retention: removes events older than `maxAgeMs` and all but the newest `maxEvents` (null: no such limit), from
   * the store and from memory. A replay from a removed id returns what remains, in order. Resolves with how many
   * stored events went (in-memory ones without a store).
   */
  async prune(keep: { maxAgeMs: number | null; maxEvents: number | null }): Promise<number> {
    const cut: EventCut = {
      before: keep.maxAgeMs === null ? 0 : this.#clock.now() - keep.maxAgeMs,
      belowId: keep.maxEvents === null ? 0 : this.#lastId - keep.maxEvents + 1,
    };
    const before = this.#recent.length;
    this.#recent = this.#recent.filter((e) => e.at >= cut.before && e.id >= cut.belowId);
    return this.#store ? this.#store.prune(cut) : before - this.#recent.length;
  }

  /** Events with id > `after` (from memory, else from the file). */
  async replay(after = 0, filter?: { sessionId?: string }): Promise<AegisEvent[]> {
    const first = this.#recent[0];
    const inMemory = (first !== undefined && first.id <= after + 1) || this.#recent.length === this.#lastId;
    if (this.#store && !inMemory) {
      await this.flush();
      return this.#store.read(after, filter);
    }
    return this.#recent.filter((e) => e.id > after && (!filter?.sessionId || e.sessionId === filter.sessionId));
  }

  /**
   * Live events; with `after`, first every stored event with a larger id, then live ones, without gaps or
   * duplicates. `durable`: each event only once it is on disk, so an id a client saw is never handed out again
   * after a crash (a resuming SSE client would miss the event that reused it). Returns the unsubscribe function.
   */
  subscribe(listener: EventListener, options: { after?: number; durable?: boolean } = {}): () => void {
    if (options.after === undefined) {
      if (options.durable) this.#durable.add(listener);
      this.#listeners.add(listener);
      return () => this.#listeners.delete(listener);
    }
    const { live, start } = resumeFrom(options.after, listener);
    if (options.durable) this.#durable.add(live);
    this.#listeners.add(live);
    start(options.durable ? this.flush().then(() => this.replay(options.after)) : this.replay(options.after));
    return () => this.#listeners.delete(live);
  }
}
