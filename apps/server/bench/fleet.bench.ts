// The fleet's own costs on a real PostgreSQL, three nodes in this process (no Claude Code: what is measured is what
// Aegis adds): an event on node A → an SSE client of node C; a send carried from node C to its owner B over a send to
// B directly; table rows and bytes per 1,000 events. `EVENTS`, `SENDS` override the defaults.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventLog } from '@aegis/core';
import { sessionRecord } from '@aegis/core/testing';
import { openPostgresStorage, type PostgresStorage } from '@aegis/store-postgres';
import { postgresBinDir, startPostgres } from '@aegis/testkit';
import { startPgFleet, type RunningFleet } from '../src/fleet/pg-fleet.js';
import { connectSse } from '../src/testing/sse-client.js';
import { testApp } from '../src/testing/stub-manager.js';

const EVENTS = Number(process.env.EVENTS ?? 300);
const SENDS = Number(process.env.SENDS ?? 200);
const SECRET = 'fleet-bench-cluster-secret-0123456789abcdef';
const now = () => performance.timeOrigin + performance.now();
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const r2 = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);

async function node(url: string, id: string) {
  const storage = await openPostgresStorage({ url, node: id });
  const fleet = await startPgFleet({
    storage,
    config: { nodeLabels: [], heartbeatMs: 1000, clusterSecret: SECRET },
    version: 'bench',
  });
  const { app, m } = await testApp({ clusterSecret: SECRET, sseHeartbeatMs: 60_000, nodeId: id }, undefined, { fleet });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  await fleet.join(base);
  return { storage, fleet, app, m, base };
}

async function post(url: string, body: unknown): Promise<number> {
  const t0 = now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return now() - t0;
}

async function main(): Promise<void> {
  const pg = await startPostgres();
  const nodes: { storage: PostgresStorage; fleet: RunningFleet; app: { close(): Promise<void> } }[] = [];
  try {
    const a = await node(pg.url, 'a');
    const b = await node(pg.url, 'b');
    const c = await node(pg.url, 'c');
    nodes.push(a, b, c);

    // 1. an event on A (core's event log on A's store) → the SSE client of C
    const log = new EventLog({ dir: null, store: a.storage.events });
    await log.open();
    const sse = await connectSse(`${c.base}/v1/events`);
    await sse.next((f) => f.event === 'state');
    const eventMs: number[] = [];
    for (let n = 0; n < EVENTS; n++) {
      const t0 = now();
      log.emit({ type: 'message.assistant', sessionId: 'bench', data: { entryId: `e${n}`, text: 'x'.repeat(200) } });
      await sse.next((f) => f.event === 'message.assistant' && f.data.includes(`"e${n}"`), 10_000);
      eventMs.push(now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
    sse.close();

    // 2. a send carried by C to B, against the same send to B directly (B's session is a stub: Aegis's share only)
    const { session } = await b.m.create({ workDir: '/tmp/fleet-bench' });
    await b.storage.sessions.put(sessionRecord(session.id));
    const direct: number[] = [];
    const carried: number[] = [];
    for (let n = 0; n < SENDS; n++) {
      direct.push(await post(`${b.base}/v1/sessions/${session.id}/send`, { text: `direct ${n}` }));
      carried.push(await post(`${c.base}/v1/sessions/${session.id}/send`, { text: `carried ${n}` }));
    }
    const overhead = carried.map((x, i) => x - direct[i]!);

    // 3. what 1,000 events cost the database
    const size = () =>
      Number(
        execFileSync(
          join(postgresBinDir(), 'psql'),
          [pg.url, '-Atc', "select pg_total_relation_size('aegis_events')"],
          {
            encoding: 'utf8',
          },
        ).trim(),
      );
    const before = size();
    const stored0 = now();
    for (let n = 0; n < 1000; n++)
      log.emit({
        type: 'session.status',
        sessionId: 'bench',
        data: { from: 'working', to: 'idle', evidence: { source: 'hook', detail: 'Stop' } },
      } as never);
    await log.flush();
    const storeMs = now() - stored0;
    const bytesPer1000 = size() - before;

    const f = (x: number) => `${x.toFixed(2)} ms`;
    console.log(`fleet: 3 nodes in one process on PostgreSQL (127.0.0.1)`);
    console.log(
      `  event on A → SSE client of C: p50 ${f(pct(eventMs, 50))}  p99 ${f(pct(eventMs, 99))}  (goal p50 ≤ 50 ms)`,
    );
    console.log(`  send to B direct: p50 ${f(pct(direct, 50))}; carried by C: p50 ${f(pct(carried, 50))}`);
    console.log(`  overhead of carrying: p50 ${f(pct(overhead, 50))}  p99 ${f(pct(overhead, 99))}  (goal p50 ≤ 20 ms)`);
    console.log(
      `  1,000 events emitted at once: 1,000 rows, ${(bytesPer1000 / 1024).toFixed(0)} KiB (table + indexes), stored in ${f(storeMs)}`,
    );
    if (process.env.AEGIS_BENCH_JSON) {
      const figures = [
        {
          id: 'fleet.event',
          label: 'fleet: event on A → SSE client of C',
          unit: 'ms',
          samples: r2(eventMs),
          n: eventMs.length,
        },
        {
          id: 'fleet.forward',
          label: 'fleet: send carried by another node, over a direct send',
          unit: 'ms',
          samples: r2(overhead),
          n: overhead.length,
        },
        {
          id: 'fleet.bytes',
          label: 'fleet: PostgreSQL bytes per 1,000 events',
          unit: 'MB',
          value: Math.round((bytesPer1000 / 1e6) * 1000) / 1000,
          n: 1,
        },
      ];
      writeFileSync(
        process.env.AEGIS_BENCH_JSON,
        JSON.stringify({ benchmark: 'fleet (PostgreSQL, 3 nodes)', figures }),
      );
    }
  } finally {
    for (const n of nodes) {
      await n.app.close();
      await n.fleet.stop();
      await n.storage.close();
    }
    await pg.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
