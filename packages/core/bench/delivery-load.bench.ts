/**
 * Delivery under load (issue #16): SESSIONS sessions (default 50) × SENDS sends each (default 10) at the same time on
 * the real CLI; every third send goes out while the session is still busy (queued). Counts what the scripted model
 * received per session: confirmed / made must be 100 %, none lost, none doubled, order kept. Latency is reported, not
 * judged: a slow tmux must cost time, not correctness. `CLAUDE_VERSION`, `SESSIONS`, `SENDS`, `AEGIS_BENCH_JSON`.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
} from '@aegis/testkit';
import { SessionManager, type DeliveryResult } from '../src/index.js';

const SESSIONS = Number(process.env.SESSIONS ?? 50);
const SENDS = Number(process.env.SENDS ?? 10);
const version = process.env.CLAUDE_VERSION ?? CLAUDE_VERSIONS.at(-1)!;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const killTmux = (s: string) => {
  try {
    execFileSync('tmux', ['-L', s, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, s), { force: true });
};

const fake = await startFakeModel();
const configDir = await createClaudeConfigDir({ version });
const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
const socketName = `aegis-bench-delivery-${process.pid}`;
const m = await SessionManager.start({
  stateDir: await tempDir('aegis-bench-state-'),
  socketName,
  claudePath: claudeBinary(version),
  env,
});
const text = (k: number, t: number) => `load session ${k} message ${t}: please reply briefly`;
const counts = { made: 0, confirmed: 0, unconfirmed: 0, differently: 0, failed: 0 };
const latency: number[] = [];
try {
  const work = await tempDir('aegis-bench-delivery-work-');
  const t0 = Date.now();
  const created = await m.createBatch(Array.from({ length: SESSIONS }, () => ({ workDir: work, reuse: false })));
  const ids = created.flatMap((r) => (r.ok ? [r.result.session.id] : []));
  await Promise.all(ids.map((id) => m.waitFor(id, 'idle', 600_000)));
  console.log(
    `@aegis/core delivery under load — Claude Code ${version}: ${ids.length} sessions idle after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const progress = setInterval(() => console.log(`  … ${JSON.stringify(counts)}`), 20_000);
  const t1 = performance.now();
  await Promise.all(
    ids.map(async (id, k) => {
      const pending: Promise<void>[] = [];
      for (let t = 0; t < SENDS; t++) {
        const busy = t % 3 === 2; // every third send right after the previous one: the session is still working
        if (!busy) await m.waitFor(id, 'idle', 300_000);
        counts.made++;
        const start = performance.now();
        const done = (async () => {
          try {
            const s = await m.send(id, text(k, t));
            const r: DeliveryResult = s.queued ? (s.result ?? (await m.waitForDelivery(id, s.id))) : s;
            latency.push(performance.now() - start);
            if (r.delivered) counts.confirmed++;
            else if (r.submittedDifferently) counts.differently++;
            else counts.unconfirmed++;
          } catch (e) {
            counts.failed++;
            console.log(`  send failed: ${(e as Error).message.split('\n')[0]}`);
          }
        })();
        pending.push(done);
        if (!busy && t + 1 < SENDS && (t + 1) % 3 !== 2) await done;
      }
      await Promise.all(pending);
      await m.waitFor(id, 'idle', 300_000);
    }),
  );
  clearInterval(progress);
  const wallS = (performance.now() - t1) / 1000;
  await new Promise((r) => setTimeout(r, 3000));
  // what the model received, per session: each text once, in order
  const received = fake.prompts().map((p) => p.humanText ?? '');
  let lost = 0;
  let doubled = 0;
  let outOfOrder = 0;
  ids.forEach((_, k) => {
    const mine = received.filter((h) => h.startsWith(`load session ${k} message `));
    for (let t = 0; t < SENDS; t++) {
      const n = mine.filter((h) => h === text(k, t)).length;
      if (n === 0) lost++;
      if (n > 1) doubled += n - 1;
    }
    const order = mine.map((h) => Number(/message (\d+):/.exec(h)?.[1]));
    for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) outOfOrder++;
  });
  const pctConfirmed = (counts.confirmed / counts.made) * 100;
  console.log(
    `${ids.length} sessions × ${SENDS} sends in ${wallS.toFixed(0)} s: confirmed ${counts.confirmed}/${counts.made} (${pctConfirmed.toFixed(1)} %), unconfirmed ${counts.unconfirmed}, submitted differently ${counts.differently}, failed ${counts.failed}; model: lost ${lost}, doubled ${doubled}, out of order ${outOfOrder}; send → confirmed p50 ${pct(latency, 50).toFixed(0)} ms, p99 ${pct(latency, 99).toFixed(0)} ms`,
  );
  const who = `${ids.length} sessions × ${SENDS} sends`;
  const figures = [
    {
      id: 'delivery50.confirmed',
      label: `${who}: sends confirmed / sends made`,
      unit: '%',
      better: 'higher',
      n: counts.made,
      value: pctConfirmed,
    },
    {
      id: 'delivery50.wrong',
      label: `${who}: lost + doubled + out of order at the model`,
      unit: 'count',
      n: counts.made,
      value: lost + doubled + outOfOrder,
    },
    {
      id: 'delivery50.latency',
      label: `${who}: send → confirmed (queued included)`,
      unit: 'ms',
      samples: latency.map(Math.round),
      n: latency.length,
    },
  ];
  if (process.env.AEGIS_BENCH_JSON)
    writeFileSync(
      process.env.AEGIS_BENCH_JSON,
      JSON.stringify({ benchmark: 'core: delivery under load', version, figures, notes: [] }),
    );
} finally {
  await m.shutdown({ killSessions: true });
  killTmux(socketName);
  await fake.close();
}
process.exit(0);
