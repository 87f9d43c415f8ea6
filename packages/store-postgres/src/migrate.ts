import { Umzug, type UmzugStorage } from 'umzug';
import type { PgConnection } from './connection.js';
import { storage } from './migrations/0001-storage.js';
import { fleet } from './migrations/0002-fleet.js';
import { pipelineOwner } from './migrations/0003-pipeline-owner.js';
import { keysAudit } from './migrations/0004-keys-audit.js';
import { leader } from './migrations/0005-leader.js';
import { eventsAt } from './migrations/0006-events-at.js';

/**
 * The schema's versions, oldest first. A new version is a new entry; an applied one never changes. `sql` runs in one
 * transaction with its record; a list runs statement by statement outside any (e.g. `create index concurrently`),
 * then is recorded, so each of its statements must be safe to run again.
 */
const MIGRATIONS: ReadonlyArray<{ name: string; sql: string | readonly string[] }> = [
  { name: '0001-storage', sql: storage },
  { name: '0002-fleet', sql: fleet },
  { name: '0003-pipeline-owner', sql: pipelineOwner },
  { name: '0004-keys-audit', sql: keysAudit },
  { name: '0005-leader', sql: leader },
  { name: '0006-events-at', sql: eventsAt },
];

async function apply(db: PgConnection, m: (typeof MIGRATIONS)[number]): Promise<void> {
  if (typeof m.sql !== 'string') {
    for (const statement of m.sql) await db.query(statement);
    await db.query('insert into aegis_migrations (name) values ($1)', [m.name]);
    return;
  }
  await db.query('begin');
  try {
    await db.query(m.sql);
    // recorded in the same transaction: a crash never leaves a schema change unrecorded
    await db.query('insert into aegis_migrations (name) values ($1)', [m.name]);
    await db.query('commit');
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
}

/** Every node runs migrations at start; this lock makes the others wait until the first one is done. */
const MIGRATION_LOCK = 0x4145_4749_53; // "AEGIS"

function migrationTable(db: PgConnection): UmzugStorage {
  return {
    async logMigration({ name }) {
      await db.query('insert into aegis_migrations (name) values ($1) on conflict do nothing', [name]);
    },
    async unlogMigration({ name }) {
      await db.query('delete from aegis_migrations where name = $1', [name]);
    },
    async executed() {
      const r = await db.query<{ name: string }>('select name from aegis_migrations order by name');
      return r.rows.map((row) => row.name);
    },
  };
}

/** Applies the migrations not applied yet (see MIGRATIONS) under an advisory lock. Returns their names. */
export async function migrate(db: PgConnection): Promise<string[]> {
  // Wait by trying, not inside one blocking `pg_advisory_lock` call: `create index concurrently` waits for every
  // transaction older than it, and a node blocked in that call is one (measured: a deadlock with 3 openers).
  while (!(await db.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [MIGRATION_LOCK])).rows[0]!.ok)
    await new Promise((r) => setTimeout(r, 50));
  try {
    await db.query(
      'create table if not exists aegis_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const umzug = new Umzug({
      migrations: MIGRATIONS.map((m) => ({
        name: m.name,
        up: () => apply(db, m),
      })),
      storage: migrationTable(db),
      logger: undefined,
    });
    return (await umzug.up()).map((m) => m.name);
  } finally {
    await db.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
