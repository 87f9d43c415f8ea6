// `pnpm bench`: builds, runs every package bench (one child process at a time), prints one report and writes
// bench-report.json + bench-report.svg. Options: --json (print only the JSON), --out <dir> (default bench-results/),
// --only <name,…> (steps whose name contains one of these), --versions <v,…>, --quick (or BENCH_QUICK=1), --no-build.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plan, type Step } from './plan.js';
import { buildReport, machineInfo, parseBenchResult } from './report.js';
import { chartRows, renderSvg } from './svg.js';
import { machineLine, renderText } from './text.js';
import type { BenchResult } from './types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(`--${name}`);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const JSON_ONLY = flag('json');
const QUICK = flag('quick') || process.env.BENCH_QUICK === '1';
const OUT = resolve(ROOT, opt('out') ?? process.env.BENCH_OUT ?? 'bench-results');
const ONLY = opt('only')?.split(',');
const VERSIONS =
  opt('versions')?.split(',') ??
  (JSON.parse(readFileSync(join(ROOT, 'packages/testkit/claude-versions.json'), 'utf8')) as string[]);
const log = (s: string): void => void process.stderr.write(`${s}\n`);

function run(
  cmd: string,
  args: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; timeoutSec: number; prefix: string },
): Promise<{ code: number | null; tail: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let tail = '';
    const keep = (b: Buffer): void => {
      tail = (tail + b.toString()).slice(-4000);
    };
    // the bench's own human output goes to stderr as progress: stdout carries only the report
    const forward = (b: Buffer): void => {
      keep(b);
      for (const line of b.toString().split('\n')) if (line.trim()) process.stderr.write(`  ${o.prefix}| ${line}\n`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    const timer = setTimeout(() => {
      log(`  ${o.prefix}| timed out after ${o.timeoutSec} s: stopping it`);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
    }, o.timeoutSec * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, tail });
    });
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!flag('no-build')) {
    log('pnpm build …');
    const b = await run('pnpm', ['build'], { cwd: ROOT, env: process.env, timeoutSec: 600, prefix: 'build' });
    if (b.code !== 0) throw new Error(`pnpm build failed:\n${b.tail}`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'aegis-bench-json-'));
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const results: BenchResult[] = [];
  const failures: Array<{ step: string; error: string }> = [];
  const times: string[] = [];
  const steps = plan(QUICK).filter((s) => !ONLY || ONLY.some((o) => s.name.includes(o)));
  const jobs: Array<{ step: Step; version?: string }> = steps.flatMap((step) =>
    step.perVersion ? VERSIONS.map((version) => ({ step, version })) : [{ step }],
  );
  let k = 0;
  for (const { step, version } of jobs) {
    const label = `${step.name}${version ? ` ${version}` : ''}`;
    const file = join(tmp, `${k++}.json`);
    const t0 = Date.now();
    log(`[${k}/${jobs.length}] ${label} …`);
    const env = {
      ...process.env,
      ...step.env,
      AEGIS_BENCH_JSON: file,
      ...(version ? { CLAUDE_VERSION: version } : {}),
    };
    const args = [step.file, ...step.args, ...(version ? ['--versions', version] : [])];
    const r = await run(tsx, args, { cwd: join(ROOT, step.dir), env, timeoutSec: step.timeoutSec, prefix: label });
    try {
      const result = parseBenchResult(readFileSync(file, 'utf8'));
      results.push({ ...result, ...(version ? { version } : {}) });
      if (r.code !== 0) failures.push({ step: label, error: `exit ${r.code} after writing its figures` });
    } catch (e) {
      failures.push({
        step: label,
        error: `exit ${r.code}, no figures (${(e as Error).message.split('\n')[0]}); last output: ${r.tail.trim().split('\n').slice(-3).join(' / ')}`,
      });
    }
    const sec = ((Date.now() - t0) / 1000).toFixed(0);
    times.push(`${label} ${sec} s`);
    log(`[${k}/${jobs.length}] ${label}: ${sec} s`);
  }
  rmSync(tmp, { recursive: true, force: true });
  const report = buildReport({
    results,
    machine: machineInfo(),
    quick: QUICK,
    claudeVersions: VERSIONS,
    durationSec: (Date.now() - started) / 1000,
    failures,
    notes: [`step times: ${times.join(', ')}`],
  });
  mkdirSync(OUT, { recursive: true });
  const jsonPath = join(OUT, 'bench-report.json');
  const svgPath = join(OUT, 'bench-report.svg');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    svgPath,
    renderSvg(
      chartRows(report.rows),
      'Aegis latency distributions',
      `${machineLine(report)}${QUICK ? ' — quick run' : ''}`,
    ),
  );
  if (JSON_ONLY) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(`${renderText(report)}\n`);
    process.stdout.write(
      `written: ${relative(process.cwd(), jsonPath) || jsonPath}, ${relative(process.cwd(), svgPath) || svgPath}\n`,
    );
  }
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((e) => {
  log(String((e as Error).stack ?? e));
  process.exit(2);
});
