import type { AegisEvent } from '@aegis/core';
import { pipelineInfo, sessionRecord } from '@aegis/core/testing';
import { startPostgres, type TestPostgres } from '@aegis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgConnection } from './connection.js';
import type { FleetEvent } from './event-feed.js';
import { openPostgresStorage, type PostgresStorage } from './storage.js';

// The fleet's shared views on a real PostgreSQL: nodes and heartbeats, every node's sessions, one global event order.
let pg: TestPostgres;
let url: string;
const opened: PostgresStorage[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  const db = new PgConnection(pg.url);
  await db.query('create database fleet');
  await db.close();
  url = pg.url.replace(/\/aegis$/, '/fleet');
});
afterAll(async () => {
  for (const c of closers) await c();
  await Promise.all(opened.map((s) => s.close()));
  await pg?.stop();
});

async function node(id: string, downAfterMs = 10_000): Promise<PostgresStorage> {
  const s = await openPostgresStorage({ url, node: id, downAfterMs });
  opened.push(s);
  return s;
}

const event = (id: number, sessionId: string): AegisEvent => ({
  id,
  at: id,
  type: 'session.adopted',
  sessionId,
  data: { windowId: '@1' },
});

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the fleet on PostgreSQL', () => {
  it('numbers every node’s events in one gap-free order that a feed on any node delivers live and replays', async () => {
    const a = await node('ev-a');
    const b = await node('ev-b');
    const feed = await a.openFeed();
    closers.push(() => feed.close());
    const start = feed.lastId;
    const seen: FleetEvent[] = [];
    feed.subscribe((e) => seen.push(e));
    // concurrent writers on two nodes, each with its own local ids
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => a.events.append(event(i + 1, 'sa'))),
      ...Array.from({ length: 20 }, (_, i) => b.events.append(event(i + 1, 'sb'))),
    ]);
    await until(() => seen.length === 40);
    expect(seen.map((e) => e.id)).toEqual(Array.from({ length: 40 }, (_, i) => start + i + 1));
    expect(seen.filter((e) => e.node === 'ev-b').map((e) => e.sessionId)).toEqual(Array(20).fill('sb'));
    // each node still reads back its own log by its own ids (core continues them after a restart)
    expect((await b.events.tail(2)).map((e) => e.id)).toEqual([19, 20]);

    // a subscriber resuming from any global id gets the rest once, in order, then live ones
    const feedB = await b.openFeed();
    closers.push(() => feedB.close());
    const resumed: number[] = [];
    feedB.subscribe((e) => resumed.push(e.id), { after: start + 30 });
    await a.events.append(event(21, 'sa'));
    await until(() => resumed.length === 11);
    expect(resumed).toEqual(Array.from({ length: 11 }, (_, i) => start + 31 + i));
    await until(() => seen.length === 41);
    const laterOfA = seen.filter((e) => e.sessionId === 'sa' && e.id > start + 39).map((e) => e.id);
    expect(laterOfA.at(-1)).toBe(start + 41);
    expect((await feedB.replay(start + 39, { sessionId: 'sa' })).map((e) => e.id)).toEqual(laterOfA);
  });

  it('appends the events of a busy moment in one statement, in call order, never ahead of an earlier write', async () => {
    const a = await node('batch-a');
    const db = new PgConnection(url);
    closers.push(() => db.close());
    await Promise.all(Array.from({ length: 50 }, (_, i) => a.events.append(event(i + 1, 'sx'))));
    // another query queued between two appends closes the batch: the second append waits behind it
    const later = [
      a.events.append(event(51, 'sx')),
      a.sessions.put(sessionRecord('batch-1')),
      a.events.append(event(52, 'sx')),
    ];
    await Promise.all(later);
    const rows = await db.query<{ id: string; tx: string }>(
      "select id, xmin::text as tx from aegis_events where node = 'batch-a' order by seq",
    );
    expect(rows.rows.map((r) => Number(r.id))).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
    const txs = [...new Set(rows.rows.map((r) => r.tx))];
    expect(txs).toHaveLength(3); // 1–50 together; 51; then, after the session's write, 52
    const record = await db.query<{ tx: string }>("select xmin::text as tx from aegis_sessions where id = 'batch-1'");
    expect(Number(record.rows[0]!.tx)).toBeGreaterThan(Number(txs[1]));
    expect(Number(record.rows[0]!.tx)).toBeLessThan(Number(txs[2]));
  });

  it('lists nodes with their heartbeat age; one that stops beating is down', async () => {
    const a = await node('hb-a', 300);
    await a.nodes.register('hb-a', { url: 'http://127.0.0.1:1', labels: ['gpu'], load: 0.5, version: '1' });
    await a.nodes.register('hb-b', { url: 'http://127.0.0.1:2', labels: [], load: 0, version: '1' });
    // its live sessions are counted from the records (an ended one is not)
    await a.sessions.put(sessionRecord('hb-1'));
    await a.sessions.put(sessionRecord('hb-2'));
    await a.sessions.put(sessionRecord('hb-3', { endedAt: 5 }));
    expect(await a.nodes.get('hb-a')).toMatchObject({ status: 'up', labels: ['gpu'], sessions: 2 });
    await new Promise((r) => setTimeout(r, 400));
    await a.nodes.heartbeat('hb-a', { labels: ['gpu'], load: 0.1 });
    const nodes = (await a.nodes.list()).filter((n) => n.id.startsWith('hb-'));
    expect(nodes.map((n) => [n.id, n.status, n.sessions])).toEqual([
      ['hb-a', 'up', 2],
      ['hb-b', 'down', 0],
    ]);
    expect(nodes[1]!.heartbeatAgeMs).toBeGreaterThanOrEqual(300);
  });

  it('forgets a node that is down for good: its row goes, its live sessions end with an event; never one that is up', async () => {
    const gone = await node('fg-b', 300);
    const other = await node('fg-c');
    await gone.nodes.register('fg-b', { url: 'http://127.0.0.1:3', labels: [], load: 0, version: '1' });
    await gone.sessions.put(sessionRecord('fg-1'));
    await gone.sessions.put(sessionRecord('fg-3'));
    await gone.sessions.put(sessionRecord('fg-2', { endedAt: 5, endReason: 'killed' }));
    await gone.events.append(event(7, 'fg-1'));
    const feed = await other.openFeed();
    closers.push(() => feed.close());
    const seen: FleetEvent[] = [];
    feed.subscribe((e) => seen.push(e), { after: feed.lastId });
    expect(await gone.nodes.forget('fg-b', 1234)).toBe('up');
    expect(await gone.nodes.forget('fg-zz', 1234)).toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(await gone.nodes.forget('fg-b', 1234)).toEqual({ endedSessions: ['fg-1', 'fg-3'] });
    // every node's feed carries a session.ended for each, numbered on after the node's own last event
    await until(() => seen.filter((e) => e.type === 'session.ended').length === 2);
    const ended = seen.filter((e) => e.type === 'session.ended');
    const data = { reason: 'vanished', code: null, signal: null };
    expect(ended.map(({ id: _, ...e }) => e)).toEqual([
      { node: 'fg-b', at: 1234, type: 'session.ended', sessionId: 'fg-1', data },
      { node: 'fg-b', at: 1234, type: 'session.ended', sessionId: 'fg-3', data },
    ]);
    expect(ended[1]!.id).toBe(ended[0]!.id + 1);
    expect((await gone.events.tail(3)).map((e) => [e.id, e.type])).toEqual([
      [7, 'session.adopted'],
      [8, 'session.ended'],
      [9, 'session.ended'],
    ]);
    expect(await gone.nodes.get('fg-b')).toBeNull();
    const records = (await gone.fleetSessions.all()).filter((s) => s.record.id.startsWith('fg-'));
    expect(records.map((s) => [s.record.id, s.record.endedAt, s.record.endReason])).toEqual([
      ['fg-1', 1234, 'vanished'],
      ['fg-2', 5, 'killed'],
      ['fg-3', 1234, 'vanished'],
    ]);
  });

  it('shows every node’s sessions and who owns each', async () => {
    const a = await node('s-a');
    const b = await node('s-b');
    await a.sessions.put(sessionRecord('fleet-1'));
    await b.sessions.put(sessionRecord('fleet-2'));
    const all = (await a.fleetSessions.all()).filter((s) => s.record.id.startsWith('fleet-'));
    expect(all.map((s) => [s.record.id, s.node])).toEqual([
      ['fleet-1', 's-a'],
      ['fleet-2', 's-b'],
    ]);
    expect((await b.fleetSessions.get('fleet-1'))?.node).toBe('s-a');
    expect(await b.fleetSessions.get('nope')).toBeNull();
  });
});

describe('pipelines in a fleet', () => {
  it('the scheduler loads every node’s pipelines (a new leader resumes what the old one ran)', async () => {
    const a = await node('p-a');
    const b = await node('p-b');
    const [pa, pb] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    await a.pipelines.save(pipelineInfo(pa));
    await b.pipelines.save(pipelineInfo(pb));
    expect((await a.pipelines.load()).pipelines.map((p) => p.id)).toEqual([pa, pb]);
  });
});

describe('the pipeline scheduler', () => {
  it('one node leads at a time; when its connection ends another takes over, and everyone knows who leads', async () => {
    const a = await node('l-a');
    const b = await node('l-b');
    let lostA = false;
    expect(await a.leader.tryLead(() => (lostA = true))).toBe(true);
    expect(await b.leader.tryLead(() => undefined)).toBe(false);
    expect(await b.leader.current()).toBe('l-a');
    await a.leader.release();
    expect(lostA).toBe(false); // giving it up is not losing it
    expect(await b.leader.tryLead(() => undefined)).toBe(true);
    expect(await a.leader.current()).toBe('l-b');
    expect(await a.leader.tryLead(() => undefined)).toBe(false);
    await b.leader.release();
  });

  it('a leader whose lock connection is killed stops leading at once; another takes over; it can win again later', async () => {
    const a = await node('k-a');
    const b = await node('k-b');
    let lost = 0;
    expect(await a.leader.tryLead(() => lost++)).toBe(true);
    expect(await a.leader.check()).toBe(true);
    // the backend holding the lock, killed from another connection (an operator, a failover, a restart)
    const killer = new PgConnection(url);
    closers.push(() => killer.close());
    const killed = await killer.query<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_locks
        where locktype = 'advisory' and granted and ((classid::bigint << 32) | objid::bigint) = $1`,
      [0x4145_4749_5350],
    );
    expect(killed.rows).toEqual([{ ok: true }]);
    await until(() => lost === 1);
    expect(a.leader.leading).toBe(false);
    expect(await a.leader.check()).toBe(false);
    expect(await b.leader.tryLead(() => undefined)).toBe(true);
    expect(await a.leader.tryLead(() => lost++)).toBe(false);
    expect(await a.leader.current()).toBe('k-b');
    // the other one gives it up: the first wins it back with a fresh connection
    await b.leader.release();
    expect(await a.leader.tryLead(() => lost++)).toBe(true);
    expect(await b.leader.current()).toBe('k-a');
    expect(lost).toBe(1);
    await a.leader.release();
  });

  it(
    'a leader whose lock connection stops answering loses the lead at its next check',
    { timeout: 30_000 },
    async () => {
      const a = await node('f-a');
      const b = await node('f-b');
      let lost = 0;
      expect(await a.leader.tryLead(() => lost++)).toBe(true);
      const db = new PgConnection(url);
      closers.push(() => db.close());
      const [holder] = (
        await db.query<{ pid: number }>(
          `select pid from pg_locks where locktype = 'advisory' and granted and ((classid::bigint << 32) | objid::bigint) = $1`,
          [0x4145_4749_5350],
        )
      ).rows;
      // the backend frozen: the connection stays open, but nothing answers (a hung server, a half-open network path)
      process.kill(holder!.pid, 'SIGSTOP');
      try {
        expect(await a.leader.check()).toBe(false); // after its 5 s query timeout
        expect(lost).toBe(1);
        expect(a.leader.leading).toBe(false);
      } finally {
        process.kill(holder!.pid, 'SIGCONT');
      }
      // the backend, running again, finds its client gone and ends: the lock is free for another node
      const end = Date.now() + 10_000;
      while (!(await b.leader.tryLead(() => undefined))) {
        if (Date.now() > end) throw new Error('the lock was not freed');
        await new Promise((r) => setTimeout(r, 100));
      }
      await b.leader.release();
    },
  );
});
