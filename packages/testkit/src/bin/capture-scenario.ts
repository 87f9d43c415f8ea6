/** Scenario plumbing: one Claude Code session per scenario, failures recorded, transcripts copied afterwards. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureContext } from './capture-context.js';
import { ClaudePane, sessionName, type PaneSpec } from './capture-pane.js';
import { all, idle, has, selectedOption, waiting } from './capture-cues.js';

export interface Scenario {
  /** Also the `jsonl/<name>/` folder. */
  name: string;
  run(ctx: CaptureContext): Promise<void>;
}

/** Fixed session ids (via `--session-id`) so transcript file names are stable across re-captures. */
export function sessionId(n: number): string {
  return `cccccccc-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A fresh work folder (with `notes.txt` for KWEDIT/KWREAD) and a config dir trusting it (unless `trusted: false`). */
export async function workspace(
  ctx: CaptureContext,
  label: string,
  trusted = true,
): Promise<{ cwd: string; configDir: string }> {
  const cwd = await ctx.workDir(label);
  await writeFile(join(cwd, 'notes.txt'), 'alpha line\nbeta line\n');
  const configDir = await ctx.configDir(trusted ? { trustedDirs: [cwd] } : {});
  return { cwd, configDir };
}

/** Starts a pane, runs `fn`, records a failure instead of throwing, exits Claude and copies its transcripts. */
export async function withPane(
  ctx: CaptureContext,
  scenario: string,
  spec: Omit<PaneSpec, 'name'>,
  fn: (p: ClaudePane) => Promise<void>,
  options: { transcripts?: boolean } = {},
): Promise<void> {
  const p = new ClaudePane(ctx, { ...spec, name: sessionName(scenario) });
  try {
    await p.start();
    await fn(p);
  } catch (err) {
    const msg = `${scenario}: ${err instanceof Error ? err.message : String(err)}`;
    ctx.failures.push(msg);
    ctx.log(`FAILED ${msg}`);
    console.error(`  FAILED ${msg}`);
  } finally {
    await p.close();
    if (options.transcripts !== false) await ctx.copyTranscripts(spec.configDir, scenario);
  }
}

/** Submits a prompt and waits for the idle screen showing `done` (the final text of the keyword scenario). */
export async function turn(
  p: ClaudePane,
  folder: string,
  prompt: string,
  done: RegExp,
  timeoutMs = 30_000,
): Promise<void> {
  await p.type(prompt);
  await p.until(`idle after "${prompt}"`, folder, all(idle, has(done)), { timeoutMs, stableMs: 500 });
}

/** Waits for a dialog in the waiting state whose screen matches `re`. */
export async function dialog(
  p: ClaudePane,
  step: string,
  folder: string,
  re: RegExp,
  timeoutMs = 30_000,
): Promise<string> {
  const snap = await p.until(step, folder, all(waiting, has(re)), { timeoutMs, stableMs: 400 });
  return snap.screen;
}

/** Idle, with a short stability window. */
export async function idleAgain(
  p: ClaudePane,
  step: string,
  folder: string,
  extra?: RegExp,
  timeoutMs = 30_000,
): Promise<void> {
  await p.until(step, folder, extra ? all(idle, has(extra)) : idle, { timeoutMs, stableMs: 600 });
}

/** The footer: the last non-blank line of the screen. */
export function footer(screen: string): string {
  return (
    screen
      .split('\n')
      .filter((l) => l.trim())
      .at(-1) ?? ''
  ).trim();
}

/**
 * Moves the menu cursor with `Down` (then `Up`) until the selected row matches `label` (menus without digits, e.g.
 * the 2.1.331 trust dialog). Returns the keys pressed.
 */
export async function moveCursorTo(
  p: ClaudePane,
  step: string,
  folder: string,
  label: RegExp,
  maxMoves = 6,
): Promise<string[]> {
  const pressed: string[] = [];
  for (const key of ['Down', 'Up']) {
    for (let moves = 0; moves <= maxMoves; moves++) {
      const selected = selectedOption((await p.snapshot()).screen);
      if (selected !== undefined && label.test(selected)) return pressed;
      if (moves === maxMoves) break;
      await p.keys(key);
      pressed.push(key);
      await p.pause(300);
    }
  }
  await p.until(`${step}: cursor on ${label}`, folder, () => false, { timeoutMs: 1 });
  return pressed;
}
