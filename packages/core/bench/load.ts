import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { claudeBinary, claudeEnv, createClaudeConfigDir, killTmuxServer, tempDir } from '@aegis/testkit';
import { SessionManager } from '../src/index.js';
import { fakeModelProcess, MB, r1, sampled, type Report } from './bench-support.js';

/**
 * `sessions` sessions each doing `turns` turns at the same time on the real CLI (IDLE_REAL=1), then
 * all of them idle for `idleWindowS` seconds. Without IDLE_REAL, a stand-in that draws the idle screen:
 * only the idle part (measures Aegis, not 50 Claude processes).
 */
export interface LoadOptions {
  version: string;
  sessions: number;
  turns: number;
  idleWindowS: number;
}

export async function load(o: LoadOptions, { figures, notes }: Report): Promise<void> {
  const { version } = o;
  const real = process.env.IDLE_REAL === '1';
  const turns = real ? o.turns : 0;
  const model = await fakeModelProcess();
  const configDir = await createClaudeConfigDir({ version });
  const env = { ...process.env, ...claudeEnv({ modelUrl: model.url, configDir }) };
  let claudePath = claudeBinary(version);
  if (!real) {
    const dir = await tempDir('aegis-bench-stub-');
    const screen = await readFile(new URL('../testdata/screens/idle.txt', import.meta.url), 'utf8');
    await writeFile(join(dir, 'screen.txt'), screen);
    claudePath = join(dir, 'claude');
    await writeFile(claudePath, `#!/bin/sh\ncat '${join(dir, 'screen.txt')}'\nexec sleep 100000\n`);
    await chmod(claudePath, 0o755);
  }
  const socketName = `aegis-bench-idle-${process.pid}`;
  const m = await SessionManager.start({
    stateDir: await tempDir('aegis-bench-state-'),
    socketName,
    claudePath,
    env,
    ...(real ? {} : { versionProbe: async () => version }),
  });
  // idle transitions per session: a turn is over when its count grows
  const idles = new Map<string, number>();
  const idleWaiters = new Set<() => void>();
  m.events.subscribe((e) => {
    if (e.type === 'session.status' && e.data.to === 'idle') {
      idles.set(e.sessionId, (idles.get(e.sessionId) ?? 0) + 1);
      for (const w of idleWaiters) w();
    }
  });
  const nextIdle = (id: string, after: number, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if ((idles.get(id) ?? 0) > after) {
          idleWaiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        idleWaiters.delete(check);
        reject(new Error(`session ${id}: no idle within ${timeoutMs} ms`));
      }, timeoutMs);
      idleWaiters.add(check);
      check();
    });
  const who = `${o.sessions} sessions`;
  try {
    const work = await tempDir('aegis-bench-idle-work-');
    const t0 = Date.now();
    const results = await m.createBatch(Array.from({ length: o.sessions }, () => ({ workDir: work, reuse: false })));
    const ids = results.flatMap((r) => (r.ok ? [r.result.session.id] : []));
    if (ids.length < o.sessions) notes.push(`${o.sessions - ids.length} of ${o.sessions} sessions failed to start`);
    const started = await Promise.all(ids.map((id) => m.waitFor(id, 'idle', 300_000)));
    const startSec = (Date.now() - t0) / 1000;
    console.log(
      `${ids.length} sessions idle after ${startSec.toFixed(1)} s (${started.filter((x) => !x).length} never)`,
    );
    figures.push({ id: 'load.startup', label: `${who}: create → all idle`, unit: 's', n: ids.length, value: startSec });
    await new Promise((r) => setTimeout(r, 3000)); // settle

    if (turns > 0) {
      const turnMs: number[] = [];
      let failed = 0;
      let unconfirmed = 0;
      const progress = setInterval(
        () =>
          console.log(
            `  … ${turnMs.length} of ${ids.length * turns} turns done, ${failed} failed, ${unconfirmed} deliveries unconfirmed`,
          ),
        15_000,
      );
      const run = await sampled(() =>
        Promise.all(
          ids.map(async (id, k) => {
            for (let t = 0; t < turns; t++) {
              try {
                const before = idles.get(id) ?? 0;
                const t1 = performance.now();
                const s = await m.send(id, `session ${k} turn ${t}: a short question`);
                // queued behind a turn still running (after an unconfirmed delivery): wait for its delivery
                const r = s.queued ? (s.result ?? (await m.waitForDelivery(id, s.id))) : s;
                if (!r.delivered && !r.unknown) throw new Error(`not delivered: ${JSON.stringify(r)}`);
                // unknown: typed, submission not confirmed in time; the turn normally runs anyway, so wait for it
                if (r.unknown) unconfirmed++;
                await nextIdle(id, before, 120_000);
                turnMs.push(performance.now() - t1);
              } catch (e) {
                failed++;
                if (failed <= 3) console.log(`  turn failed: ${(e as Error).message.split('\n')[0]}`);
                // text typed but not confirmed may still start a turn: give it a moment, then wait for idle
                await new Promise((r) => setTimeout(r, 2000));
                await m.waitFor(id, 'idle', 60_000);
              }
            }
          }),
        ),
      );
      clearInterval(progress);
      const done = turnMs.length;
      const perSec = done / (run.wallMs / 1000);
      console.log(
        `${who} × ${turns} turns: ${done} turns in ${(run.wallMs / 1000).toFixed(1)} s = ${perSec.toFixed(2)} turns/s, ${failed} failed, ${unconfirmed} unconfirmed; Aegis CPU ${run.cpuTotal.toFixed(1)} % of a core, peak RSS ${Math.max(...run.rss).toFixed(0)} MB`,
      );
      if (failed)
        notes.push(`${failed} of ${ids.length * turns} turns failed (not delivered, or no idle within 120 s)`);
      if (unconfirmed)
        notes.push(
          `${unconfirmed} deliveries came back unconfirmed (typed, submission not confirmed in time); their turns were waited for and counted`,
        );
      figures.push(
        {
          id: 'load.throughput',
          label: `${who} × ${turns} turns: throughput`,
          unit: 'turns/s',
          better: 'higher',
          n: done,
          value: perSec,
        },
        {
          id: 'load.turn',
          label: `${who} × ${turns} turns: send → idle event per turn`,
          unit: 'ms',
          samples: r1(turnMs),
          n: done,
        },
        {
          id: 'load.cpu',
          label: `${who} × ${turns} turns: Aegis CPU, 1 s samples`,
          unit: '%',
          samples: r1(run.cpu),
          n: run.cpu.length,
          value: run.cpuTotal,
        },
        {
          id: 'load.rss',
          label: `${who} × ${turns} turns: Aegis RSS, 1 s samples`,
          unit: 'MB',
          samples: r1(run.rss),
          n: run.rss.length,
          value: Math.max(...run.rss),
        },
      );
      await new Promise((r) => setTimeout(r, 3000)); // settle (titles, footers)
    }

    const idle = await sampled(() => new Promise((r) => setTimeout(r, o.idleWindowS * 1000)));
    const what = real ? `real Claude Code ${version}` : 'idle-screen stand-in';
    console.log(
      `${ids.length} idle sessions (${what}): Aegis CPU ${idle.cpuTotal.toFixed(2)} % of a core, RSS ${Math.max(...idle.rss).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB`,
    );
    figures.push(
      {
        id: 'idle50.cpu',
        label: `${ids.length} idle sessions: Aegis CPU, ${o.idleWindowS} s, 1 s samples`,
        unit: '%',
        samples: r1(idle.cpu),
        n: idle.cpu.length,
        value: idle.cpuTotal,
      },
      {
        id: 'idle50.rss',
        label: `${ids.length} idle sessions: Aegis RSS, 1 s samples`,
        unit: 'MB',
        samples: r1(idle.rss),
        n: idle.rss.length,
        value: Math.max(...idle.rss),
      },
    );
  } finally {
    await m.shutdown({ killSessions: true });
    killTmuxServer(socketName);
    model.close();
  }
}
