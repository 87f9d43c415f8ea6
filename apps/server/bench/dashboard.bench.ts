// The dashboard in headless Chromium (Debian's chromium), against the real HTTP server and real tmux; sessions are
// core-free stubs so the figures are the page's own share. Prints figures; asserts nothing; `AEGIS_BENCH_JSON=<file>`
// also writes them as JSON for the root `pnpm bench`.
//   status:  a `session.status` event emitted → the new status word in the sessions list (SSE → DOM)
//   pane:    text in a real tmux pane (`cat`; from its send-keys returning) → drawn in the page's xterm
//            (tmux control-mode push → capture-pane -e → WebSocket → xterm.js → DOM)
//   size:    the page's JavaScript, gzipped
// Env: RUNS=30. Usage: pnpm --filter @aegis/server exec tsx bench/dashboard.bench.ts
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createTmuxDriver, type Target } from '@aegis/tmux';
import { chromium } from 'playwright-core';
import { buildServer } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { CHROMIUM_ARGS } from '@aegis/browser';
import { StubManager } from '../src/testing/stub-manager.js';
import { defaultWebRoot } from '../src/web.js';

const RUNS = Number(process.env.RUNS ?? 30);
const socket = `aegis-bench-web-${process.pid}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]! : NaN;

const root = defaultWebRoot();
if (!root) throw new Error('the dashboard is not built: run pnpm build');
const jsGzip = readdirSync(join(root, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .reduce((n, f) => n + gzipSync(readFileSync(join(root, 'assets', f))).length, 0);

const tmux = createTmuxDriver({ socketName: socket });
const win = await tmux.createWindow({ name: 'bench', cwd: '/tmp', command: ['cat'], width: 100, height: 30 });
const m = new StubManager();
const { session } = await m.create({ workDir: '/tmp/bench-dashboard', name: 'bench' });
m.sessions.set(session.id, { ...m.get(session.id), paneId: win.paneId, windowId: win.id, status: 'idle' });
const app = await buildServer({
  manager: m,
  terminal: tmux,
  config: parseConfig({ stateDir: '/tmp/aegis-unused', sseHeartbeatMs: 60_000 }),
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_ARGS],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

/** In the page: resolves with the wall-clock time at which `selector`'s text first contains `text`. (A string: tsx's
 * name helpers do not exist in the page.) */
const seen = (selector: string, text: string): Promise<number> =>
  page.evaluate(`new Promise((resolve) => {
    const sel = ${JSON.stringify(selector)}, want = ${JSON.stringify(text)};
    const check = () => {
      const el = document.querySelector(sel);
      if (!el || !(el.textContent || '').includes(want)) return;
      obs.disconnect();
      resolve(performance.timeOrigin + performance.now());
    };
    const obs = new MutationObserver(check);
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    check();
  })`);

const status: number[] = [];
const pane: number[] = [];
const failures: string[] = [];
try {
  await page.goto(url + '/');
  await page.locator(`tr[data-session="${session.id}"]`).waitFor();
  const statuses = ['working', 'idle'];
  for (let i = 0; i < RUNS; i++) {
    const to = statuses[i % 2]!;
    const from = statuses[(i + 1) % 2]!;
    const visible = seen(`tr[data-session="${session.id}"] .status`, to.replace(/_/g, ' '));
    await sleep(20);
    const t0 = Date.now();
    m.sessions.set(session.id, { ...m.get(session.id), status: to as never });
    m.events.emit({
      type: 'session.status',
      sessionId: session.id,
      data: { from: from as never, to: to as never, evidence: [] },
    });
    status.push((await visible) - t0);
    await sleep(30);
  }

  await page.goto(`${url}/s/${session.id}`);
  await page.locator('.xterm-rows').waitFor();
  await sleep(500);
  for (let i = 0; i < RUNS; i++) {
    const marker = `m${i}x${Math.random().toString(36).slice(2, 8)}`;
    const drawn = seen('.xterm-rows', marker);
    await sleep(20);
    // from the moment tmux has the text (its send-keys returned): the push, capture, socket and drawing
    await tmux.sendText(win.paneId as Target, marker);
    const t0 = Date.now();
    try {
      pane.push(
        (await Promise.race([drawn, sleep(5000).then(() => Promise.reject(new Error('not drawn in 5 s')))])) - t0,
      );
    } catch (e) {
      failures.push(String((e as Error).message));
    }
    if (i % 10 === 9) await tmux.sendKeys(win.paneId as Target, ['C-l']); // keep the screen from filling
    await sleep(30);
  }
} finally {
  await browser.close();
  await app.close();
  tmux.close();
  try {
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

const figures = [
  { id: 'dashboard.status', label: 'status event → shown in the page', unit: 'ms', samples: status, n: status.length },
  { id: 'dashboard.pane', label: 'pane output → drawn in the terminal', unit: 'ms', samples: pane, n: pane.length },
  {
    id: 'dashboard.js',
    label: 'page JavaScript, gzipped',
    unit: 'MB',
    value: jsGzip / 1e6,
    n: 1,
    note: `${(jsGzip / 1024).toFixed(1)} KiB`,
  },
];
console.log(`The dashboard in headless Chromium, ${RUNS} runs per measure`);
for (const f of figures.slice(0, 2))
  console.log(
    `  ${f.label.padEnd(40)} p50 ${pct(f.samples!, 50).toFixed(0).padStart(5)} ms  p99 ${pct(f.samples!, 99).toFixed(0).padStart(5)} ms  n=${f.n}`,
  );
console.log(`  page JavaScript, gzipped                 ${(jsGzip / 1024).toFixed(1)} KiB`);
for (const f of failures) console.log(`  failed: ${f}`);
if (process.env.AEGIS_BENCH_JSON) {
  writeFileSync(
    process.env.AEGIS_BENCH_JSON,
    JSON.stringify({
      benchmark: 'dashboard',
      figures,
      notes: failures.length ? [`${failures.length} failed runs: ${failures.slice(0, 3).join('; ')}`] : [],
    }),
  );
}
process.exit(0);
