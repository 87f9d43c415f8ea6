import type { SessionRecord } from '../record.js';
import { RetryingWrites } from './retrying-writes.js';
import type { MessageQueueStore, SessionStore } from './types.js';

/** Writes to a session's record (what a running session needs of the store). */
export interface RecordWriter {
  update(id: string, patch: Partial<SessionRecord>): Promise<void>;
}

/**
 * The session records in memory, written through to a {@link SessionStore} (null: memory only). Reads are
 * synchronous; a write that fails is kept in `writeError` until one succeeds again (sends are refused meanwhile).
 */
export class SessionRecords implements RecordWriter {
  readonly #store: SessionStore | null;
  readonly #records = new Map<string, SessionRecord>();
  #hookPort: number | null = null;
  #pending = new Set<Promise<void>>();
  readonly #retry = new RetryingWrites();

  constructor(store: SessionStore | null) {
    this.#store = store;
  }

  async load(): Promise<void> {
    if (!this.#store) return;
    const { sessions, hookPort } = await this.#store.load();
    this.#hookPort = hookPort;
    for (const r of sessions) this.#records.set(r.id, r);
  }

  get hookPort(): number | null {
    return this.#hookPort;
  }

  setHookPort(port: number | null): void {
    this.#hookPort = port;
    const store = this.#store;
    if (store) void this.#track('hook-port', () => store.setHookPort(port));
  }

  all(): SessionRecord[] {
    return [...this.#records.values()];
  }

  get(id: string): SessionRecord | undefined {
    return this.#records.get(id);
  }

  put(record: SessionRecord): Promise<void> {
    this.#records.set(record.id, record);
    return this.#write(record);
  }

  /** Changes a record in place (the runtime holds the same object) and writes it. */
  update(id: string, patch: Partial<SessionRecord>): Promise<void> {
    const r = this.#records.get(id);
    if (!r) return Promise.resolve();
    Object.assign(r, patch);
    return this.#write(r);
  }

  /**
   * Retention: forgets the records of sessions that ended before `before` (ms), except those `keep` holds on to;
   * resolves with their ids once the store dropped them.
   */
  async pruneEnded(before: number, keep: (r: SessionRecord) => boolean): Promise<string[]> {
    const gone = this.all().filter((r) => r.endedAt !== null && r.endedAt < before && !keep(r));
    for (const r of gone) this.#records.delete(r.id);
    const store = this.#store;
    if (store) await Promise.all(gone.map((r) => this.#track(`record:${r.id}`, () => store.delete(r.id))));
    return gone.map((r) => r.id);
  }

  /** Why writes fail (disk full, read-only, the database away); null once every failed write has landed. */
  get writeError(): Error | null {
    return this.#retry.error;
  }

  /** Stops retrying failed writes (at shutdown). */
  stop(): void {
    this.#retry.stop();
  }

  /** Resolves once every write so far is durable (or failed). */
  async flush(): Promise<void> {
    await Promise.all(this.#pending);
  }

  #write(r: SessionRecord): Promise<void> {
    const store = this.#store;
    // a retry writes the record as it is then (the runtime changes it in place)
    return store ? this.#track(`record:${r.id}`, () => store.put(r)) : Promise.resolve();
  }

  #track(key: string, write: () => Promise<void>): Promise<void> {
    const p = this.#retry.run(key, write);
    this.#pending.add(p);
    void p.then(() => this.#pending.delete(p));
    return p;
  }
}

/** The default queue store: each queue is a field of its session's record (`queue` in sessions.json). */
export function recordQueueStore(records: SessionRecords): MessageQueueStore {
  return {
    load: async (sessionId) => records.get(sessionId)?.queue ?? [],
    save: (sessionId, pending) => records.update(sessionId, { queue: [...pending] }),
  };
}
