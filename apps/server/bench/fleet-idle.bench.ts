// Three Aegis nodes (the built server, one process each, own tmux socket and state folder) on one real PostgreSQL,
// each holding PER_NODE idle real Claude Code sessions (created through node A, placed by the fleet): CPU and RSS of
// each node process, of its Claude Code processes, and what the idle fleet writes to PostgreSQL.
// Env: PER_NODE=20, WINDOW_S=30, CLAUDE_VERSION (default: the newest pinned).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLAUDE_VERSIONS, postgresBinDir, startFakeModel, startPostgres, tempDir } from '@aegis/testkit';
import { api, faultEnv, killTmux, tmux, type FaultEnv } from '../src/testing/fault-harness.js';

const PER_NODE = Number(process.env.PER_NODE ?? 20);
const WINDOW_S = Number(process.env.WINDOW_S ?? 30);
const VERSION = process.env.CLAUDE_VERSION ?? CLAUDE_VERSIONS.at(-1)!;
const SECRET = 'fleet-idle-bench-cluster-secret-0123456789';
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) and RSS in MB of one process; undefined once it is gone. */
function proc(pid: number): { cpuS: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuS: (Number(fields[11]) + Number(fields[12])) / TICKS, rssMb: Number(rss?.[1] ?? 0) / 1024 };
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it. */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

const sum = (pids: number[]) =>
  pids
    .map(proc)
    .filter((x) => x !== undefined)
    .reduce((a, b) => ({ cpuS: a.cpuS + b.cpuS, rssMb: a.rssMb + b.rssMb }), { cpuS: 0, rssMb: 0 });

function start(f: FaultEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [MAIN, '--config', f.configFile], {
    cwd: join(f.configFile, '..'),
    env: f.env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      const m = /aegis: listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`node exited (${code}):\n${out}`)));
  });
}

async function main(): Promise<void> {
  const [pg, fake] = await Promise.all([startPostgres(), startFakeModel()]);
  const names = ['a', 'b', 'c'];
  const envs: FaultEnv[] = [];
  const nodes: Array<{ url: string; child: ChildProcess }> = [];
  const psql = (sql: string) =>
    execFileSync(join(postgresBinDir(), 'psql'), [pg.url, '-Atc', sql], { encoding: 'utf8' }).trim();
  try {
    for (const n of names) {
      const env = await faultEnv(VERSION, fake, `fleet-idle-${n}`, {
        databaseUrl: pg.url,
        nodeId: `node-${n}`,
        clusterSecret: SECRET,
      });
      envs.push(env);
      nodes.push(await start(env)); // one at a time: the first migrates
    }
    const a = api(() => nodes[0]!.url);
    const ids: string[] = [];
    const total = PER_NODE * names.length;
    const t0 = Date.now();
    // a few creates at a time: Claude Code's start-up is what takes the time on a small machine
    while (ids.length < total) {
      const made = await Promise.all(
        Array.from({ length: Math.min(3, total - ids.length) }, async () =>
          a.call('POST', '/v1/sessions', { workDir: await tempDir('aegis-fleet-idle-') }),
        ),
      );
      for (const r of made) {
        if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
        ids.push(r.body.id as string);
      }
    }
    for (const id of ids) await a.until(id, 'idle', 180_000);
    const placed = await Promise.all(ids.map(async (id) => (await a.call('GET', `/v1/sessions/${id}`)).body.node));
    const perNode = names.map((n) => placed.filter((p) => p === `node-${n}`).length);
    console.log(
      `${total} sessions idle after ${((Date.now() - t0) / 1000).toFixed(0)} s; placed ${perNode.join(' / ')}`,
    );
    await sleep(10_000); // start-up's tail (title requests, first status files) is not idle cost

    const panes = (f: FaultEnv) => {
      try {
        return tmux(f.socket, ['list-panes', '-a', '-F', '#{pane_pid}']);
      } catch {
        return ''; // no session on this node: no tmux server
      }
    };
    const claudePids = (f: FaultEnv) =>
      panes(f)
        .split('\n')
        .filter(Boolean)
        .flatMap((p) => tree(Number(p)));
    const eventsBefore = Number(psql('select count(*) from aegis_events'));
    const bytesBefore = Number(psql("select pg_total_relation_size('aegis_events')"));
    const before = nodes.map((n, i) => ({ node: sum([n.child.pid!]), claude: sum(claudePids(envs[i]!)) }));
    const rssPeak = nodes.map(() => 0);
    for (let s = 0; s < WINDOW_S; s++) {
      await sleep(1000);
      nodes.forEach((n, i) => (rssPeak[i] = Math.max(rssPeak[i]!, proc(n.child.pid!)?.rssMb ?? 0)));
    }
    const after = nodes.map((n, i) => ({ node: sum([n.child.pid!]), claude: sum(claudePids(envs[i]!)) }));
    const events = Number(psql('select count(*) from aegis_events')) - eventsBefore;
    const bytes = Number(psql("select pg_total_relation_size('aegis_events')")) - bytesBefore;

    const figures: Array<Record<string, unknown>> = [];
    const pctOfCore = (x: number) => Math.round((x / WINDOW_S) * 10000) / 100;
    console.log(`Claude Code ${VERSION}, 3 nodes × ${PER_NODE} idle sessions, ${WINDOW_S} s window:`);
    names.forEach((n, i) => {
      const cpu = pctOfCore(after[i]!.node.cpuS - before[i]!.node.cpuS);
      const claudeCpu = pctOfCore(after[i]!.claude.cpuS - before[i]!.claude.cpuS);
      const rss = Math.round(rssPeak[i]!);
      const claudeRss = Math.round(after[i]!.claude.rssMb);
      console.log(
        `  node ${n} (${perNode[i]} sessions): Aegis ${cpu} % of a core, ${rss} MB; its Claude Code processes ${claudeCpu} %, ${claudeRss} MB`,
      );
      figures.push(
        { id: 'fleet.idle.cpu', label: `fleet idle: node ${n}, Aegis CPU`, unit: '%', value: cpu, n: 1 },
        { id: 'fleet.idle.rss', label: `fleet idle: node ${n}, Aegis RSS (peak)`, unit: 'MB', value: rss, n: 1 },
        {
          id: 'fleet.idle.claudeCpu',
          label: `fleet idle: node ${n}, Claude Code CPU`,
          unit: '%',
          value: claudeCpu,
          n: 1,
        },
        {
          id: 'fleet.idle.claudeRss',
          label: `fleet idle: node ${n}, Claude Code RSS`,
          unit: 'MB',
          value: claudeRss,
          n: 1,
        },
      );
    });
    console.log(`  PostgreSQL while idle: ${events} event rows (${(events / WINDOW_S).toFixed(2)}/s), ${bytes} bytes`);
    figures.push({
      id: 'fleet.idle.events',
      label: 'fleet idle: event rows per second',
      unit: '/s',
      value: events / WINDOW_S,
      n: 1,
    });
    if (process.env.AEGIS_BENCH_JSON)
      writeFileSync(
        process.env.AEGIS_BENCH_JSON,
        JSON.stringify({ benchmark: `fleet idle (3 nodes × ${PER_NODE} sessions)`, version: VERSION, figures }),
      );
  } finally {
    for (const n of nodes) n.child.kill('SIGTERM');
    await sleep(2000);
    for (const n of nodes) n.child.kill('SIGKILL');
    for (const e of envs) killTmux(e.socket);
    await fake.close();
    await pg.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
