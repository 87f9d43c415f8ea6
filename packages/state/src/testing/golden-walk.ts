import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateFromScreen } from '../combine.js';
import type { ScreenReading } from '../screen/reading.js';

// Test/script helper (not exported from the package): where the fixtures live and what we expect of them.

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repo = resolve(pkg, '../..');

/** Fixture roots per Claude Code version: the repository's captures in fixtures/claude-code/<version>/. */
export function fixtureRoots(): Array<{ version: string; root: string }> {
  const ours = resolve(repo, 'fixtures/claude-code');
  return readdirSync(ours)
    .sort()
    .filter((v) => /^\d+\.\d+\.\d+/.test(v) && statSync(join(ours, v)).isDirectory())
    .map((v) => ({ version: v, root: join(ours, v) }));
}

/** Every screen capture (`NN-<state>` folders, `.txt` and `.ansi.txt`) under a root, as paths relative to it. */
export function screenFixtures(root: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(root).sort()) {
    if (!/^\d\d-/.test(d) || !statSync(join(root, d)).isDirectory()) continue;
    for (const f of readdirSync(join(root, d)).sort()) if (f.endsWith('.txt')) out.push(`${d}/${f}`);
  }
  return out;
}

export const expectedFile = (version: string): string => join(pkg, 'testdata/expected', `${version}.json`);

/** The facts a golden expectation pins down for one capture. */
export interface Expectation {
  state: string;
  screen: string;
  options?: string[];
  selected?: string;
  tool?: string;
  command?: string;
  file?: string;
  folder?: string;
  questions?: string[];
  plan?: boolean;
  input?: string;
  queued?: string[];
  mode?: string;
  lastTurn?: string;
  spinnerTokens?: number | null;
  stallHint?: boolean;
  retryAttempt?: number;
}

/** Projects a reading onto the expectation's fields (so a diff shows exactly what changed). */
export function summarize(r: ScreenReading): Expectation {
  const e: Expectation = { state: stateFromScreen(r).kind, screen: r.kind };
  if (r.options.length)
    e.options = r.options.map(
      (o) => `${o.key ?? '-'}:${o.id}:${o.kind}${o.checked === undefined ? '' : o.checked ? ':checked' : ':unchecked'}`,
    );
  const sel = r.options.find((o) => o.selected);
  if (sel) e.selected = sel.id;
  if (r.tool) e.tool = r.tool;
  if (r.command) e.command = r.command;
  if (r.file) e.file = r.file;
  if (r.folder) e.folder = r.folder;
  if (r.questions)
    e.questions = r.questions.map((q) => `${q.header ?? '?'}|${q.text}|${q.multiSelect ? 'multi' : 'single'}`);
  if (r.plan !== undefined) e.plan = r.plan.length > 0;
  if (r.input?.text) e.input = r.input.text;
  if (r.queued?.length) e.queued = r.queued;
  if (r.mode) e.mode = r.mode;
  if (r.lastTurn) e.lastTurn = r.lastTurn.outcome;
  if (r.spinner) e.spinnerTokens = r.spinner.tokens ?? null;
  if (r.spinner?.stallHint) e.stallHint = true;
  if (r.retry) e.retryAttempt = r.retry.attempt;
  return e;
}
