/**
 * Captures the screens (plain + ANSI), status files, JSONL transcripts and HTTP hook payloads of a real Claude Code
 * version driven through a private tmux server against the fake model.
 *
 *   tsx packages/testkit/src/bin/capture.ts <version> [outDir] [--only=name,name]
 *
 * outDir defaults to `fixtures/claude-code/<version>/` at the repository root. See fixtures/claude-code/README.md.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeModel } from '@aegis/scripted-model';
import { ClaudeInstallError, claudeBinary, installClaude } from '../install.js';
import { CLAUDE_VERSIONS } from '../versions.js';
import { CaptureContext } from './capture-context.js';
import type { Scenario } from './capture-scenario.js';
import { apiKey, main, onboarding, small, trust } from './capture-scenarios-start.js';
import { permissions, permissionsSmall, plan, planViaTool, questions } from './capture-scenarios-dialogs.js';
import { apiErrors, apiRetry, hooks } from './capture-scenarios-errors.js';
import { Tmux } from './capture-tmux.js';

const SCENARIOS: Scenario[] = [
  onboarding,
  apiKey,
  trust,
  main,
  small,
  permissions,
  permissionsSmall,
  questions,
  plan,
  planViaTool,
  apiErrors,
  apiRetry,
  hooks,
];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function parseArgs(argv: string[]): { version: string; outDir: string; only?: Set<string> } {
  const positional = argv.filter((a) => !a.startsWith('--'));
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  const version = positional[0] ?? CLAUDE_VERSIONS.at(-1)!;
  // Under `pnpm … capture` the cwd is the package; resolve a relative outDir against where pnpm was started.
  const base =
    process.env.npm_lifecycle_event === 'capture' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  const outDir = positional[1] ? resolve(base, positional[1]) : join(repoRoot, 'fixtures', 'claude-code', version);
  return { version, outDir, ...(onlyArg ? { only: new Set(onlyArg.slice('--only='.length).split(',')) } : {}) };
}

async function binaryFor(version: string): Promise<string> {
  try {
    return claudeBinary(version);
  } catch (err) {
    if (!(err instanceof ClaudeInstallError) || err.code !== 'CLAUDE_NOT_INSTALLED') throw err;
    console.log(`installing Claude Code ${version} …`);
    return installClaude(version);
  }
}

async function run(): Promise<number> {
  const { version, outDir, only } = parseArgs(process.argv.slice(2));
  const unknown = [...(only ?? [])].filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const binary = await binaryFor(version);
  await mkdir(outDir, { recursive: true });
  const fake = await startFakeModel();
  // The tmux client/server environment: no TMUX (we are not nested), a UTF-8 locale so glyphs survive.
  const tmuxEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  let ctx: CaptureContext | undefined = undefined;
  const tmux = new Tmux(`aegis-capture-${process.pid}`, tmuxEnv, (l) => ctx?.log(l));
  ctx = new CaptureContext(version, binary, outDir, fake, tmux);
  const tmuxVersion = await new Promise<string>((res) =>
    execFile('tmux', ['-V'], (err, out) => res(err ? '?' : out.trim())),
  );
  await ctx.initHome();
  ctx.log(`Claude Code ${version}: ${binary}; fake model ${fake.url}; tmux socket ${tmux.socket}; out ${outDir}`);
  console.log(`Claude Code ${version} → ${outDir}`);
  try {
    for (const scenario of SCENARIOS) {
      if (only && !only.has(scenario.name)) continue;
      console.log(`scenario ${scenario.name}`);
      ctx.log(`=== scenario ${scenario.name}`);
      await scenario.run(ctx);
    }
  } finally {
    await tmux.killServer();
    // tmux leaves the socket file behind; remove ours.
    await rm(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, tmux.socket), { force: true });
    await fake.close();
    await ctx.cleanup();
    await ctx.writeLog(
      `${new Date().toISOString()} capture ${version}${only ? ' --only=' + [...only].join(',') : ''} (tmux ${tmuxVersion})`,
    );
  }
  console.log(`\n${ctx.captures.length} captures, ${ctx.failures.length} failure(s)`);
  for (const n of ctx.notes) console.log(`note: ${n}`);
  for (const f of ctx.failures) console.log(`FAILED: ${f}`);
  return ctx.failures.length ? 1 : 0;
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
