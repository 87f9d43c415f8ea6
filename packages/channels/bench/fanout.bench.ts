// Prints what publishing costs the emitter while channels are slow or dead (it should not depend on them).
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventLog } from '@aegis/core';
import { Fanout, WebhookChannel, silentLogger, type Channel } from '../src/index.js';

const N = Number(process.env.EMITS ?? 20_000);
const figures: Array<{ id: string; label: string; unit: 'µs'; samples: number[]; n: number }> = [];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function run(id: string, label: string, channels: Channel[]): Promise<void> {
  const log = new EventLog({ dir: null });
  const fanout = new Fanout(channels, { logger: silentLogger, queueSize: 5_000 });
  await fanout.start();
  fanout.attach(log);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    log.emit({ type: 'session.adopted', sessionId: `s${i % 50}`, data: { windowId: '@1' } });
    times.push((performance.now() - t) * 1000);
    if (i % 100 === 99) await new Promise((r) => setImmediate(r)); // core emits from async code: let workers run (not timed)
  }
  figures.push({
    id,
    label: `events.emit() with ${label}`,
    unit: 'µs',
    samples: times.map((t) => Math.round(t * 100) / 100),
    n: times.length,
  });
  times.sort((a, b) => a - b);
  const h = fanout
    .health()
    .channels.map((c) => `${c.name}: queued ${c.queued}, dropped ${c.dropped}`)
    .join('; ');
  console.log(
    `${label}: ${N} emits, p50 ${percentile(times, 0.5).toFixed(1)} µs, p99 ${percentile(times, 0.99).toFixed(1)} µs, max ${times.at(-1)!.toFixed(0)} µs — ${h}`,
  );
  await fanout.stop();
}

const hanging = createServer(() => undefined); // accepts, never answers
await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;

await run('fanout.none', 'no channels', []);
await run('fanout.instant', '1 instant channel', [{ name: 'instant', handle: async () => undefined }]);
await run('fanout.hanging', 'hanging webhook + dead channel', [
  new WebhookChannel({ url, secret: 'bench-secret-0123456789', timeoutMs: 60_000 }, 0, { allowPrivate: true }),
  { name: 'dead', handle: async () => Promise.reject(new Error('down')) },
]);
hanging.closeAllConnections();
hanging.close();
if (process.env.AEGIS_BENCH_JSON)
  writeFileSync(
    process.env.AEGIS_BENCH_JSON,
    JSON.stringify({ benchmark: 'channels fan-out (cost to the emitter)', figures }),
  );
