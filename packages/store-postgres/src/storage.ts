import { hostname } from 'node:os';
import type { Storage } from '@aegis/core';
import { PgConnection } from './connection.js';
import { migrate } from './migrate.js';
import { PgEventStore, PgMessageQueueStore, PgPipelineStore, PgSessionStore } from './stores.js';

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** This node's id: its sessions are the ones it re-adopts. Default: the host name. */
  node?: string;
}

/** Core's storage in PostgreSQL (pass it as `SessionManagerOptions.storage`), and `close()` for the connection. */
export interface PostgresStorage extends Storage {
  /** The migrations this call applied (empty when the schema was current). */
  readonly applied: readonly string[];
  close(): Promise<void>;
}

/** Connects, brings the schema up to date (once across nodes: advisory lock) and returns the stores. */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  const db = new PgConnection(options.url);
  try {
    const applied = await migrate(db);
    const node = options.node ?? hostname();
    return {
      applied,
      sessions: new PgSessionStore(db, node),
      events: new PgEventStore(db),
      queues: new PgMessageQueueStore(db),
      pipelines: new PgPipelineStore(db),
      close: () => db.close(),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
