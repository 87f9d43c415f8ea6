/** What `pnpm bench` runs, in order. Each step is a package's own bench script, run by tsx in the package dir. */
export interface Step {
  name: string;
  /** Package dir, relative to the repo root. */
  dir: string;
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Run once per pinned Claude Code version (CLAUDE_VERSION and `--versions` are set). */
  perVersion: boolean;
  timeoutSec: number;
}

export function plan(quick: boolean): Step[] {
  const q = <T>(full: T, smoke: T): T => (quick ? smoke : full);
  return [
    {
      name: 'tmux driver',
      dir: 'packages/tmux',
      file: 'bench/driver.bench.ts',
      args: [],
      env: { RUNS: q('100', '30') },
      perVersion: false,
      timeoutSec: 120,
    },
    {
      name: 'transcript parse',
      dir: 'packages/transcript',
      file: 'bench/parse.bench.ts',
      args: [],
      env: { AEGIS_BENCH_MB: q('200', '50'), AEGIS_BENCH_PARSE_RUNS: q('5', '3') },
      perVersion: false,
      timeoutSec: 180,
    },
    {
      name: 'channels fan-out',
      dir: 'packages/channels',
      file: 'bench/fanout.bench.ts',
      args: [],
      env: { EMITS: q('20000', '5000') },
      perVersion: false,
      timeoutSec: 120,
    },
    {
      name: 'SSE fan-out',
      dir: 'apps/server',
      file: 'bench/sse.bench.ts',
      args: [],
      env: { SUBSCRIBERS: '1000', EVENTS: q('300', '60') },
      perVersion: false,
      timeoutSec: 180,
    },
    {
      name: 'fleet',
      dir: 'apps/server',
      file: 'bench/fleet.bench.ts',
      args: [],
      env: { EVENTS: q('300', '100'), SENDS: q('200', '50') },
      perVersion: false,
      timeoutSec: 180,
    },
    {
      name: 'fleet idle',
      dir: 'apps/server',
      file: 'bench/fleet-idle.bench.ts',
      args: [],
      env: { PER_NODE: q('20', '3'), WINDOW_S: q('30', '10') },
      perVersion: false,
      timeoutSec: 900,
    },
    {
      name: 'dashboard',
      dir: 'apps/server',
      file: 'bench/dashboard.bench.ts',
      args: [],
      env: { RUNS: q('50', '15') },
      perVersion: false,
      timeoutSec: 180,
    },
    {
      name: 'state tracker',
      dir: 'packages/state',
      file: 'bench/detection.bench.ts',
      args: ['--runs', q('8', '3'), '--modes', 'hooks'],
      env: {},
      perVersion: true,
      timeoutSec: 300,
    },
    {
      name: 'server: detection + delivery',
      dir: 'apps/server',
      file: 'bench/e2e.bench.ts',
      args: [],
      env: { RUNS: q('15', '5') },
      perVersion: true,
      timeoutSec: 420,
    },
    {
      name: 'core: create share',
      dir: 'packages/core',
      file: 'bench/create-share.bench.ts',
      args: [],
      env: { RUNS: q('10', '3') },
      perVersion: true,
      timeoutSec: 300,
    },
    {
      name: 'core: concurrent sessions',
      dir: 'packages/core',
      file: 'bench/core.bench.ts',
      args: [],
      env: {
        SKIP_LATENCY: '1',
        IDLE_REAL: '1',
        SESSIONS: process.env.BENCH_SESSIONS ?? q('50', '10'),
        TURNS: process.env.BENCH_TURNS ?? q('10', '3'),
        IDLE_WINDOW_S: q('10', '5'),
      },
      perVersion: true,
      timeoutSec: 1200,
    },
    {
      name: 'core: delivery under load',
      dir: 'packages/core',
      file: 'bench/delivery-load.bench.ts',
      args: [],
      env: { SESSIONS: process.env.BENCH_SESSIONS ?? q('50', '8'), SENDS: q('10', '5') },
      perVersion: true,
      timeoutSec: 1800,
    },
  ];
}
