import type { SessionRecord } from '@aegis/core';
import type { PgConnection } from './connection.js';

/** Every node's session records, read-only: what any node lists, and who owns a session. */
export class PgFleetSessions {
  constructor(private readonly db: PgConnection) {}

  async all(): Promise<{ node: string; record: SessionRecord }[]> {
    const r = await this.db.query<{ node: string; record: SessionRecord }>(
      'select node, record from aegis_sessions order by id',
    );
    return r.rows;
  }

  async get(id: string): Promise<{ node: string; record: SessionRecord } | null> {
    const r = await this.db.query<{ node: string; record: SessionRecord }>(
      'select node, record from aegis_sessions where id = $1',
      [id],
    );
    return r.rows[0] ?? null;
  }
}
