// Benchmarks @aegis/core against the real Claude Code (newest pinned version) and the scripted model.
// Prints figures; asserts nothing. Usage: pnpm --filter @aegis/core bench
// Env: RUNS=20, SESSIONS=50 (or IDLE_SESSIONS), TURNS=10, IDLE_WINDOW_S=10, IDLE_REAL=1 (real Claude Code processes: each does
// TURNS turns concurrently, then all idle; without it an idle-screen stand-in and only the idle part), CLAUDE_VERSION,
// SKIP_LATENCY=1, SKIP_IDLE=1. AEGIS_BENCH_JSON=<file> also writes the figures as JSON for the root `pnpm bench` report.
import { writeFileSync } from 'node:fs';
import { CLAUDE_VERSIONS } from '@aegis/testkit';
import type { Report } from './bench-support.js';
import { latency } from './latency.js';
import { load } from './load.js';

const RUNS = Number(process.env.RUNS ?? 20);
const SESSIONS = Number(process.env.SESSIONS ?? process.env.IDLE_SESSIONS ?? 50);
const TURNS = Number(process.env.TURNS ?? 10);
const IDLE_WINDOW_S = Number(process.env.IDLE_WINDOW_S ?? 10);
const version = process.env.CLAUDE_VERSION ?? CLAUDE_VERSIONS.at(-1)!;
const report: Report = { figures: [], notes: [] };

console.log(`@aegis/core bench — Claude Code ${version}, ${RUNS} runs per text`);
if (process.env.SKIP_LATENCY !== '1') await latency(version, RUNS, report);
if (process.env.SKIP_IDLE !== '1')
  await load({ version, sessions: SESSIONS, turns: TURNS, idleWindowS: IDLE_WINDOW_S }, report);
if (process.env.AEGIS_BENCH_JSON)
  writeFileSync(
    process.env.AEGIS_BENCH_JSON,
    JSON.stringify({ benchmark: 'core: concurrent sessions', version, ...report }),
  );
process.exit(0);
