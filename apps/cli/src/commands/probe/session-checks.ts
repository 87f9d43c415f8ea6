import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SessionManager, normalizePrompt } from '@aegis/core';
import type { SessionState, StateKind } from '@aegis/state';
import type { ProbeCheck } from './report.js';
import type { StepContext } from './trust.js';
import { PROBE_COMMAND, PROBE_PROMPTS, PROBE_QUESTION } from './world.js';

/** Hard texts for delivery: they must reach the model exactly (Claude Code's own normalisation aside). */
export const PROBE_TEXTS: Array<{ id: string; name: string; text: string }> = [
  {
    id: 'delivery-multiline',
    name: 'multi-line text delivered exactly',
    text: 'aegis probe, first line\n\n  third line, indented\nfourth line',
  },
  {
    id: 'delivery-long',
    name: '3,000-character text delivered exactly',
    text: Array.from({ length: 3000 }, (_, i) => 'probe text of words 0123456789 '[i % 31])
      .join('')
      .trim(),
  },
  { id: 'delivery-unicode', name: 'unicode text delivered exactly', text: 'unicode: ü é ß 漢字 한국어 🚀 ✓' },
];

const PASTED = /^<pasted_content[^>]*>([\s\S]*?)<\/pasted_content>$/;

/** Runs the checks that go through @aegis/core's SessionManager, in one session; stops at the first it cannot get past. */
export async function sessionChecks(ctx: StepContext): Promise<ProbeCheck[]> {
  const { world } = ctx;
  const out: ProbeCheck[] = [];
  const manager = await SessionManager.start({
    stateDir: world.stateDir,
    socketName: world.socketName,
    claudePath: ctx.claude,
    env: world.env,
  });
  let id = '';
  const state = (): SessionState | null => manager.get(id).state;
  const described = (): string => {
    const s = state();
    return s === null ? 'the session ended' : s.kind === 'unknown' ? 'an unknown screen' : `state ${s.kind}`;
  };
  /** Waits for a state; on failure records a ✗ with the screen saved. */
  const reach: Reach = async (check, want) => {
    // a dialog's state may come from its hook before the screen is drawn: wait for the options read from the screen
    const drawn = (s: SessionState) => s.kind === want && (!('options' in s) || (s.options?.length ?? 0) > 0);
    if (await manager.waitFor(id, want === 'idle' ? want : drawn, ctx.stepTimeoutMs).catch(() => false)) return true;
    pass(check, false, `expected ${want}, read ${described()}`, await saved(ctx, manager, id, check.id));
    return false;
  };
  const pass: Pass = (check, ok, detail, screenFile) =>
    void out.push({ ...check, ok, detail, ...(screenFile ? { screenFile } : {}) });
  try {
    const { session } = await manager.create({
      workDir: await world.workDir('session'),
      permissionMode: 'default',
      reuse: false,
    });
    id = session.id;
    if (!(await reach({ id: 'idle', name: 'idle recognised' }, 'idle'))) return out;
    pass({ id: 'idle', name: 'idle recognised' }, true, 'input box read as idle');
    if (!(await permission(ctx, manager, id, reach, pass))) return out;
    if (!(await question(ctx, manager, id, reach, pass))) return out;
    for (const t of PROBE_TEXTS) if (!(await deliver(ctx, manager, id, t, reach, pass))) return out;
    return out;
  } finally {
    await manager.shutdown({ killSessions: true }).catch(() => undefined);
  }
}

type Reach = (check: { id: string; name: string }, want: StateKind) => Promise<boolean>;
type Pass = (check: { id: string; name: string }, ok: boolean, detail: string, screenFile?: string) => void;

/** Saves the session's screen for a failed check. */
async function saved(ctx: StepContext, manager: SessionManager, id: string, checkId: string): Promise<string> {
  return ctx.saveScreen(checkId, await manager.pane(id).catch(() => ''));
}

async function permission(
  ctx: StepContext,
  manager: SessionManager,
  id: string,
  reach: Reach,
  pass: Pass,
): Promise<boolean> {
  const seen = { id: 'permission', name: 'permission dialog recognised' };
  await manager.send(id, PROBE_PROMPTS.permission);
  if (!(await reach(seen, 'permission_prompt'))) return false;
  const s = manager.get(id).state;
  if (s?.kind !== 'permission_prompt') return false;
  const rightTool = s.tool === 'Bash' && s.command === PROBE_COMMAND;
  if (rightTool) pass(seen, true, `Bash: ${s.command}`);
  else
    pass(
      seen,
      false,
      `read tool ${s.tool ?? '?'} / command ${s.command ?? '?'}`,
      await saved(ctx, manager, id, seen.id),
    );
  const kinds = new Set(s.options.map((o) => o.kind));
  const parsed = kinds.has('allow') && kinds.has('deny');
  const opts = { id: 'permission-options', name: 'permission options parsed' };
  if (!parsed) {
    pass(
      opts,
      false,
      `options read: ${s.options.map((o) => o.id).join(', ') || 'none'}`,
      await saved(ctx, manager, id, opts.id),
    );
    return false;
  }
  pass(opts, true, s.options.map((o) => `${o.id} (${o.kind})`).join(', '));
  await manager.approve(id);
  const ran = { id: 'permission-answer', name: 'permission answered, the command ran' };
  if (!(await reach(ran, 'idle'))) return false;
  const file = existsSync(join(manager.get(id).workDir, 'probe.txt'));
  pass(ran, file, file ? 'approved once; probe.txt written' : 'approved, but the command did not run');
  return file;
}

async function question(
  ctx: StepContext,
  manager: SessionManager,
  id: string,
  reach: Reach,
  pass: Pass,
): Promise<boolean> {
  const seen = { id: 'question', name: 'question recognised' };
  await manager.send(id, PROBE_PROMPTS.question);
  if (!(await reach(seen, 'asking'))) return false;
  const s = manager.get(id).state;
  if (s?.kind !== 'asking') return false;
  const q = s.questions[0];
  const ok =
    q !== undefined &&
    q.text.includes(PROBE_QUESTION.question) &&
    s.options.some((o) => o.label === PROBE_QUESTION.answer);
  const labels = s.options.map((o) => o.label).join(' / ');
  if (!ok) {
    pass(
      seen,
      false,
      `read ${s.questions.length} question(s), options ${labels}`,
      await saved(ctx, manager, id, seen.id),
    );
    return false;
  }
  pass(seen, true, `"${q?.text}" with ${labels}`);
  await manager.answer(id, { action: 'answer', options: [[PROBE_QUESTION.answer]] });
  const answered = { id: 'question-answer', name: 'question answered' };
  if (!(await reach(answered, 'idle'))) return false;
  const got = ctx.world.questionAnswer() ?? '';
  const right = got.includes(PROBE_QUESTION.answer);
  pass(
    answered,
    right,
    right ? `the model got "${PROBE_QUESTION.answer}"` : `the model got ${JSON.stringify(got.slice(0, 120))}`,
  );
  return right;
}

async function deliver(
  ctx: StepContext,
  manager: SessionManager,
  id: string,
  t: (typeof PROBE_TEXTS)[number],
  reach: Reach,
  pass: Pass,
): Promise<boolean> {
  const { fake } = ctx.world;
  const before = fake.requests.length ? fake.requests[fake.requests.length - 1]!.seq : 0;
  const r = await manager.send(id, t.text);
  const got = await fake.waitForPrompt((p) => p.seq > before, ctx.stepTimeoutMs).catch(() => null);
  if (!got) {
    pass(
      t,
      false,
      `the model got nothing (send: ${r.queued ? 'queued' : r.delivered ? 'delivered' : 'unconfirmed'})`,
      await saved(ctx, manager, id, t.id),
    );
    return false;
  }
  const seen = normalizePrompt((got.humanText ?? '').replace(PASTED, '$1'));
  const exact = seen === normalizePrompt(t.text);
  const confirmed = !r.queued && r.delivered;
  pass(
    t,
    exact && confirmed,
    exact
      ? confirmed
        ? `${t.text.length} characters, confirmed by ${r.confirmedBy}`
        : 'arrived, but the send was not confirmed'
      : `arrived as ${seen.length} characters: ${JSON.stringify(seen.slice(0, 80))}…`,
  );
  return (await reach({ id: `${t.id}-idle`, name: 'idle after the answer' }, 'idle')) && exact && confirmed;
}
