import type { AegisEvent } from '../events.js';
import type { PipelineInfo } from '../pipelines/record.js';
import type { PersistedMessage, SessionRecord } from '../record.js';

// Where core keeps what must survive a restart. Every write resolves once it is durable (a crash after that keeps
// it); writes of one store land in call order. The defaults are files under the state dir (./file-*.ts); another
// implementation (a database) passes the same contract suite (../testing/storage-contract.ts).

/** Session records and the hook receiver's port. */
export interface SessionStore {
  /** Every stored record and the hook port of the previous run. */
  load(): Promise<{ sessions: SessionRecord[]; hookPort: number | null }>;
  /** Inserts or replaces one record. */
  put(record: SessionRecord): Promise<void>;
  delete(id: string): Promise<void>;
  setHookPort(port: number | null): Promise<void>;
}

/** Which events `prune` removes: those older than `before` (ms; 0: none by age) or with an id below `belowId`. */
export interface EventCut {
  before: number;
  belowId: number;
}

/** The append-only event log; ids are given by the caller and grow. */
export interface EventStore {
  /** The newest `limit` events, oldest first (ids continue after the last one). */
  tail(limit: number): Promise<AegisEvent[]>;
  append(event: AegisEvent): Promise<void>;
  /** Stored events with an id above `after`, oldest first; optionally one session's. */
  read(after: number, filter?: { sessionId?: string }): Promise<AegisEvent[]>;
  /** Removes the events the cut names (retention); resolves with how many. Events appended meanwhile are kept. */
  prune(cut: EventCut): Promise<number>;
}

/** Each session's accepted, not yet delivered messages (the head may be the one being typed). */
export interface MessageQueueStore {
  /** A session's queue, head first; [] when it has none. */
  load(sessionId: string): Promise<PersistedMessage[]>;
  /** Replaces a session's queue. */
  save(sessionId: string, pending: readonly PersistedMessage[]): Promise<void>;
}

/** Pipelines (spec and progress), one entry per pipeline. */
export interface PipelineStore {
  /** Every stored pipeline; entries that cannot be read are skipped (named in `skipped`). */
  load(): Promise<{ pipelines: PipelineInfo[]; skipped: string[] }>;
  /** Inserts or replaces one pipeline. */
  save(p: PipelineInfo): Promise<void>;
}

/** The stores of one manager; `SessionManagerOptions.storage` replaces any of them. */
export interface Storage {
  /** A store reached over the network (a database): while it is away, sends get `STORE_UNAVAILABLE` (503). */
  networked?: boolean;
  sessions: SessionStore;
  events: EventStore;
  queues: MessageQueueStore;
  pipelines: PipelineStore;
}
