import type { Answerer } from '../answerer.js';
import type { DeliveryOptions } from '../delivery.js';
import type { EventLog } from '../event-log.js';
import type { HookReceiver } from '../hook-receiver.js';
import type { Clock, FileSystem, IdGenerator } from '../io.js';
import type { PersistedMessage, SessionRecord } from '../record.js';
import type { StatusPoller } from '../status-poller.js';
import type { RecordWriter } from '../storage/session-records.js';
import type { Terminal } from '../terminal.js';

/** What a session needs from the manager that created it: shared services, never the manager itself. */
export interface SessionDeps {
  terminal: Terminal;
  events: EventLog;
  records: RecordWriter;
  clock: Clock;
  ids: IdGenerator;
  fs: FileSystem;
  /** Where the hook settings files live (null: beside Claude's config). */
  stateDir: string | null;
  delivery: DeliveryOptions;
  transcriptPollMs: number;
  permissionHoldMs: number;
  answerer: Answerer;
  receiver: Pick<HookReceiver, 'register' | 'unregister'>;
  /** The status-file poller of a Claude config dir (one per dir, shared). */
  statusPoller(configDir: string): StatusPoller;
  queues: {
    load(sessionId: string): Promise<PersistedMessage[]>;
    save(sessionId: string, pending: PersistedMessage[]): void;
  };
  /** Resolves once the queues and every record are on disk. */
  persisted(): Promise<void>;
  /** Throws STATE_UNWRITABLE while state writes fail. */
  writable(): void;
  /** The session ended: the manager stops handing it out. */
  onEnded(sessionId: string): void;
  /** A worktree session's branch and diff stat, for its `session.ended` event. */
  worktreeSummary?(record: SessionRecord): Promise<{ branch: string; diffStat: string } | null>;
}
