import { hostname } from 'node:os';
import type { QueryResultRow } from 'pg';
import type { Storage } from '@aegis/core';
import { PgConnection } from './connection.js';
import { PgEventFeed } from './event-feed.js';
import { PgFleetSessions } from './fleet-sessions.js';
import { migrate } from './migrate.js';
import { PgLeader } from './leader.js';
import { PgNodeDirectory } from './nodes.js';
import { PgEventStore, PgMessageQueueStore, PgPipelineStore, PgSessionStore } from './stores.js';

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** This node's id: its sessions are the ones it re-adopts. Default: the host name. */
  node?: string;
  /** A node whose heartbeat is older than this is `down`. Default 10 s. */
  downAfterMs?: number;
}

/** Core's storage in PostgreSQL (pass it as `SessionManagerOptions.storage`), the fleet's views, and `close()`. */
export interface PostgresStorage extends Storage {
  /** This node's id. */
  readonly node: string;
  /** The migrations this call applied (empty when the schema was current). */
  readonly applied: readonly string[];
  /** Every node and its heartbeat. */
  readonly nodes: PgNodeDirectory;
  /** Every node's session records (read-only). */
  readonly fleetSessions: PgFleetSessions;
  /**
   * A query on this node's write connection (in call order with the stores' writes), for the server's own tables
   * (API keys, the audit trail: created by this package's migrations).
   */
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
  /** The fleet's pipeline scheduler: who leads, and this node's try to. */
  readonly leader: PgLeader;
  /** Every node's events in one global order, live (its own connections; close it before `close()`). */
  openFeed(): Promise<PgEventFeed>;
  close(): Promise<void>;
}

/** Connects, brings the schema up to date (once across nodes: advisory lock) and returns the stores. */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  const db = new PgConnection(options.url);
  // the fleet's reads on a connection of their own, so they never wait behind this node's queued writes
  const reads = new PgConnection(options.url);
  try {
    const applied = await migrate(db);
    const node = options.node ?? hostname();
    const leader = new PgLeader(options.url, reads, node);
    return {
      networked: true,
      node,
      applied,
      sessions: new PgSessionStore(db, node),
      events: new PgEventStore(db, node),
      queues: new PgMessageQueueStore(db),
      pipelines: new PgPipelineStore(db, node),
      nodes: new PgNodeDirectory(reads, options.downAfterMs ?? 10_000),
      fleetSessions: new PgFleetSessions(reads),
      openFeed: () => PgEventFeed.open(options.url, reads),
      leader,
      query: (text, values) => db.query(text, values),
      close: async () => {
        await leader.release();
        await db.close();
        await reads.close();
      },
    };
  } catch (error) {
    await db.close();
    await reads.close();
    throw error;
  }
}
