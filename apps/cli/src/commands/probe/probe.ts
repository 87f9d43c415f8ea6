import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultVersionProbe, resolveClaudeBinary } from '@aegis/core';
import { createTmuxDriver } from '@aegis/tmux';
import type { ProbeCheck, ProbeReport } from './report.js';
import { PROBE_TEXTS, sessionChecks } from './session-checks.js';
import { trustCheck, type StepContext } from './trust.js';
import { openWorld } from './world.js';

export interface ProbeOptions {
  /** The Claude Code binary (path or name on PATH). Default: `claude`. */
  claude?: string;
  /** How long each step may take to show its screen. Default 30 s. */
  stepTimeoutMs?: number;
  /** Where unrecognised screens are saved. Default: a new folder under the OS temp dir. */
  saveDir?: string;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Every check, in order: a check that could not run (an earlier one failed) is reported as such. */
const ALL_CHECKS: Array<{ id: string; name: string }> = [
  { id: 'version', name: 'claude --version answered' },
  { id: 'trust', name: 'trust dialog recognised' },
  { id: 'idle', name: 'idle recognised' },
  { id: 'permission', name: 'permission dialog recognised' },
  { id: 'permission-options', name: 'permission options parsed' },
  { id: 'permission-answer', name: 'permission answered, the command ran' },
  { id: 'question', name: 'question recognised' },
  { id: 'question-answer', name: 'question answered' },
  ...PROBE_TEXTS.map(({ id, name }) => ({ id, name })),
];

const failed = (c: { id: string; name: string }, e: unknown): ProbeCheck => ({
  ...c,
  ok: false,
  detail: e instanceof Error ? e.message : String(e),
});

/**
 * Runs Claude Code against the scripted model and checks that Aegis reads and drives it: the trust dialog, idle, a
 * permission dialog, a question, and delivery of hard texts. Everything runs in temp folders, a fresh
 * CLAUDE_CONFIG_DIR and a private tmux socket; the model is on 127.0.0.1 (no network).
 */
export async function probe(o: ProbeOptions): Promise<ProbeReport> {
  const started = Date.now();
  const name = o.claude ?? 'claude';
  const report = (version: string | null, claude: string, checks: ProbeCheck[]): ProbeReport => {
    const ran = new Set(checks.map((c) => c.id));
    const all = [
      ...checks,
      ...ALL_CHECKS.filter((c) => !ran.has(c.id)).map((c) => ({
        ...c,
        ok: false,
        detail: 'not run: an earlier check failed',
      })),
    ];
    return { ok: all.every((c) => c.ok), version, claude, durationMs: Date.now() - started, checks: all };
  };
  let claude: string;
  try {
    claude = resolveClaudeBinary(name.includes('/') ? resolve(o.cwd, name) : name, o.env.PATH);
  } catch (e) {
    return report(null, name, [failed(ALL_CHECKS[0]!, e)]);
  }
  const version = await defaultVersionProbe(claude, { PATH: o.env.PATH ?? '', HOME: o.env.HOME ?? tmpdir() });
  if (!version)
    return report(null, claude, [{ ...ALL_CHECKS[0]!, ok: false, detail: `${claude} --version printed no version` }]);
  const checks: ProbeCheck[] = [{ ...ALL_CHECKS[0]!, ok: true, detail: `${version} (${claude})` }];

  let saveDir = o.saveDir ? resolve(o.cwd, o.saveDir) : null;
  const saveScreen = async (checkId: string, screen: string): Promise<string> => {
    if (saveDir === null) saveDir = await mkdtemp(join(tmpdir(), 'aegis-probe-screens-'));
    await mkdir(saveDir, { recursive: true });
    const file = join(saveDir, `${version}-${checkId}.txt`);
    await writeFile(file, screen);
    return file;
  };
  const world = await openWorld(version, o.env);
  const ctx: StepContext = { world, claude, version, stepTimeoutMs: o.stepTimeoutMs ?? 30_000, saveScreen };
  try {
    checks.push(await trustCheck(ctx).catch((e: unknown) => failed(ALL_CHECKS[1]!, e)));
    checks.push(...(await sessionChecks(ctx).catch((e: unknown) => [failed(ALL_CHECKS[2]!, e)])));
  } finally {
    const tmux = createTmuxDriver({ socketName: world.socketName });
    await tmux.killServer().catch(() => undefined);
    tmux.close();
    // tmux leaves its socket file behind after kill-server
    await rm(join(o.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, world.socketName), { force: true });
    await world.close();
  }
  return report(version, claude, checks);
}
