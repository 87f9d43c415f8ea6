// SSE fan-out: N subscribers on real HTTP (127.0.0.1), one event emitted → time until the LAST subscriber has it.
// The server runs on the main thread, the subscribers in worker threads (their parsing does not load the server).
// Prints p50/p99/max (goal: p99 < 50 ms at 1,000 subscribers). `SUBSCRIBERS`, `EVENTS`, `CLIENT_WORKERS` override the defaults.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { testApp } from '../src/testing/stub-manager.js';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1000);
const EVENTS = Number(process.env.EVENTS ?? 300);
/** Client threads (the subscribers are split between them). Default 1 (best on 2 cores). */
const WORKERS = Number(process.env.CLIENT_WORKERS ?? 1);
const now = () => performance.timeOrigin + performance.now();

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** At most 2,000 evenly spaced order statistics (keeps the JSON small, the percentiles the same to 0.05 %). */
function pct100(xs: number[]): number[] {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length <= 2000) return s;
  return Array.from({ length: 2000 }, (_, i) => s[Math.floor(((i + 0.5) / 2000) * s.length)]!);
}

async function main(): Promise<void> {
  const { app, m } = await testApp({ sseHeartbeatMs: 60_000 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const sessionId = (await m.create({ workDir: '/tmp/bench' })).session.id;

  const per = Math.ceil(SUBSCRIBERS / WORKERS);
  const pending = new Map<number, number[]>();
  const done = new Map<number, (arrivals: number[]) => void>();
  let readyCount = 0;
  let onReady: () => void = () => undefined;
  const workers = Array.from({ length: WORKERS }, (_, i) => {
    const subscribers = Math.min(per, SUBSCRIBERS - i * per);
    const w = new Worker(new URL('./sse-clients.mjs', import.meta.url), { workerData: { port, subscribers } });
    w.on('message', (msg: { type: string; n?: number; arrivals?: number[]; message?: string }) => {
      if (msg.type === 'ready' && ++readyCount === WORKERS) onReady();
      else if (msg.type === 'event') {
        const list = [...(pending.get(msg.n!) ?? []), ...msg.arrivals!];
        if (list.length < SUBSCRIBERS) pending.set(msg.n!, list);
        else {
          pending.delete(msg.n!);
          done.get(msg.n!)?.(list);
        }
      } else if (msg.type === 'error') console.error('client error', msg.message);
    });
    return w;
  });
  await new Promise<void>((r) => (onReady = r));

  const last: number[] = [];
  const all: number[] = [];
  const emitMs: number[] = [];
  for (let n = 0; n < EVENTS; n++) {
    const got = new Promise<number[]>((r) => done.set(n, r));
    const t0 = now();
    m.events.emit({ type: 'message.assistant', sessionId, data: { entryId: `bench-${n}`, text: 'x'.repeat(200) } });
    emitMs.push(now() - t0);
    const arrivals = await got;
    last.push(Math.max(...arrivals) - t0);
    for (const t of arrivals) all.push(t - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  const f = (x: number) => `${x.toFixed(2)} ms`;
  console.log(
    `SSE fan-out: ${SUBSCRIBERS} subscribers, ${EVENTS} events, 127.0.0.1 (server on the main thread, clients in ${WORKERS} worker thread(s))`,
  );
  console.log(
    `  event → last subscriber: p50 ${f(pct(last, 50))}  p99 ${f(pct(last, 99))}  max ${f(Math.max(...last))}  (goal p99 < 50 ms)`,
  );
  console.log(`  server fan-out (emit → written to all sockets): p50 ${f(pct(emitMs, 50))}  p99 ${f(pct(emitMs, 99))}`);
  console.log(`  event → each subscriber: p50 ${f(pct(all, 50))}  p99 ${f(pct(all, 99))}`);
  if (process.env.AEGIS_BENCH_JSON) {
    const r2 = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
    const figures = [
      {
        id: 'sse.fanout',
        label: `SSE: event → last of ${SUBSCRIBERS} subscribers`,
        unit: 'ms',
        samples: r2(last),
        n: last.length,
      },
      {
        id: 'sse.emit',
        label: `SSE: emit → written to all ${SUBSCRIBERS} sockets`,
        unit: 'ms',
        samples: r2(emitMs),
        n: emitMs.length,
      },
      {
        id: 'sse.each',
        label: 'SSE: event → each subscriber',
        unit: 'ms',
        samples: r2(pct100(all)),
        n: all.length,
        note: `chart/percentiles from ${Math.min(all.length, 2000)} evenly spaced of ${all.length} arrivals`,
      },
    ];
    writeFileSync(process.env.AEGIS_BENCH_JSON, JSON.stringify({ benchmark: 'SSE fan-out (127.0.0.1)', figures }));
  }
  for (const w of workers) {
    w.postMessage({ type: 'close' });
    await w.terminate();
  }
  await app.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
