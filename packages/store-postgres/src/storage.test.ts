import {
  describeEventStoreContract,
  describeMessageQueueStoreContract,
  describePipelineStoreContract,
  describeSessionStoreContract,
  sessionRecord,
} from '@aegis/core/testing';
import { startPostgres, type TestPostgres } from '@aegis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgConnection } from './connection.js';
import { openPostgresStorage, type PostgresStorage } from './storage.js';

// One real PostgreSQL for the file; each contract test gets its own database, so tests never see each other's rows.
let pg: TestPostgres;
const opened: PostgresStorage[] = [];
let databases = 0;

beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await pg?.stop();
});

async function freshDatabase(): Promise<string> {
  const name = `t${++databases}`;
  const db = new PgConnection(pg.url);
  await db.query(`create database ${name}`);
  await db.close();
  return pg.url.replace(/\/aegis$/, `/${name}`);
}

/** A place = one database; `open` connects anew (the previous connection is dropped, as after a crash). */
async function place(node = 'node-a') {
  const url = await freshDatabase();
  return {
    open: async () => {
      const s = await openPostgresStorage({ url, node });
      opened.push(s);
      return s;
    },
  };
}

describeSessionStoreContract('postgres', async () => {
  const p = await place();
  return { open: async () => (await p.open()).sessions };
});
describeEventStoreContract('postgres', async () => {
  const p = await place();
  return { open: async () => (await p.open()).events };
});
describePipelineStoreContract('postgres', async () => {
  const p = await place();
  return { open: async () => (await p.open()).pipelines };
});
describeMessageQueueStoreContract('postgres', async () => {
  const p = await place();
  return {
    open: async () => (await p.open()).queues,
    addSession: async (id) => (await p.open()).sessions.put(sessionRecord(id)),
  };
});

describe('postgres storage', () => {
  it('migrates once: concurrent openers wait for the lock, later ones find the schema current', async () => {
    const url = await freshDatabase();
    const first = await Promise.all([1, 2, 3].map(() => openPostgresStorage({ url })));
    opened.push(...first);
    expect(first.map((s) => s.applied.length).sort()).toEqual([0, 0, 6]);
    const again = await openPostgresStorage({ url });
    opened.push(again);
    expect(again.applied).toEqual([]);
  });

  it('0006 builds its index outside a transaction, and a rerun (a build cut short) makes a valid one again', async () => {
    const url = await freshDatabase();
    const first = await openPostgresStorage({ url });
    opened.push(first);
    await first.query("delete from aegis_migrations where name = '0006-events-at'");
    const again = await openPostgresStorage({ url });
    opened.push(again);
    expect(again.applied).toEqual(['0006-events-at']);
    const index = await again.query<{ valid: boolean }>(
      "select indisvalid as valid from pg_index where indexrelid = 'aegis_events_node_at'::regclass",
    );
    expect(index.rows).toEqual([{ valid: true }]);
  });

  it('each node loads only its own sessions', async () => {
    const url = await freshDatabase();
    const a = await openPostgresStorage({ url, node: 'a' });
    const b = await openPostgresStorage({ url, node: 'b' });
    opened.push(a, b);
    await a.sessions.put(sessionRecord('1'));
    await b.sessions.put(sessionRecord('2'));
    await a.sessions.setHookPort(4100);
    expect((await a.sessions.load()).sessions.map((r) => r.id)).toEqual(['1']);
    expect(await b.sessions.load()).toEqual({ sessions: [sessionRecord('2')], hookPort: null });
  });

  it('a write while PostgreSQL is down fails (core then refuses sends); after the restart the same stores work again', async () => {
    const s = await (await place()).open();
    await s.events.append({ id: 1, at: 1, type: 'session.adopted', sessionId: 's', data: { windowId: '@1' } });
    await pg.pause();
    await expect(
      s.events.append({ id: 2, at: 2, type: 'session.adopted', sessionId: 's', data: { windowId: '@1' } }),
    ).rejects.toThrow();
    await pg.start();
    await s.events.append({ id: 3, at: 3, type: 'session.adopted', sessionId: 's', data: { windowId: '@1' } });
    expect((await s.events.read(0)).map((e) => e.id)).toEqual([1, 3]);
  });

  it('the retention prune reads a node’s old events by time from an index (0006-events-at)', async () => {
    const s = await (await place()).open();
    for (let i = 1; i <= 50; i++)
      await s.events.append({ id: i, at: i, type: 'session.adopted', sessionId: 's', data: { windowId: '@1' } });
    await s.query('begin');
    try {
      // a table this small is cheapest to scan: tell the planner otherwise, to see what it would use on a big one
      await s.query('set local enable_seqscan = off');
      const plan = await s.query<{ 'QUERY PLAN': string }>(
        'explain (costs off) delete from aegis_events where node = $1 and (at < $2 or id < $3)',
        [s.node, 10, 0],
      );
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('Index Scan on aegis_events_node_at');
    } finally {
      await s.query('rollback');
    }
  });
});
