import type { PostgresStorage } from '@aegis/store-postgres';
import type { AuditEntry, AuditLog, AuditQuery } from './audit-log.js';

/** The fleet's audit trail in its database (table `aegis_audit`): every node's mutating calls in one place. */
export class PgAuditLog implements AuditLog {
  constructor(private readonly db: Pick<PostgresStorage, 'query'>) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db.query('insert into aegis_audit (at, key, session_id, route, entry) values ($1, $2, $3, $4, $5)', [
      Date.parse(entry.time),
      entry.key,
      entry.sessionId,
      entry.route,
      JSON.stringify(entry),
    ]);
  }

  async query(q: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (q.since !== undefined) add('at >= ?', q.since);
    if (q.key !== undefined) add('key = ?', q.key);
    if (q.session !== undefined) add('session_id = ?', q.session);
    // a prefix of the route pattern, with LIKE's wildcards in it taken literally
    if (q.route !== undefined) add("route like ? escape '\\'", `${q.route.replace(/[\\%_]/g, '\\$&')}%`);
    values.push(q.limit);
    const r = await this.db.query<{ entry: AuditEntry }>(
      `select entry from aegis_audit ${where.length ? `where ${where.join(' and ')}` : ''} order by seq desc limit $${values.length}`,
      values,
    );
    return r.rows.map((row) => row.entry);
  }
}
