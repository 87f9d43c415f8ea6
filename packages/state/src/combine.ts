import { identifyOption } from './screen/options.js';
import { patternsFor } from './screen/patterns.js';
import type { ScreenReading } from './screen/reading.js';
import type { HookView, Opinion, TranscriptView } from './signals.js';
import type { StatusFile, StatusLevel } from './status-file.js';
import type { Evidence, MenuOption, Question, SessionState } from './types.js';

/** Everything known at one instant. Each signal is optional. */
export interface Signals {
  now: number;
  exit?: { code: number | null; signal: string | null; at: number };
  hook?: HookView;
  /** Only a status file that passed the pid-reuse guard. `at` = its `statusUpdatedAt`. */
  status?: { file: StatusFile; level: StatusLevel; at: number };
  transcript?: TranscriptView;
  /** `since` = first capture that showed this same kind (used to tell a real change from a stale frame). */
  screen?: { reading: ScreenReading; at: number; since: number };
  /** Last growth: transcript bytes, token counter, status file update, hook event. */
  lastGrowthAt?: number;
  /** Whether the session has ever been past start-up. */
  everReady?: boolean;
  stallMs: number;
  errorHoldMs: number;
}

const TRUST: Record<string, number> = { hook: 0, status_file: 1, transcript: 2, screen: 3 };

const ev = (source: Evidence['source'], detail: string, at: number): Evidence => ({ source, detail, at });

function statusOpinion(s: Signals['status']): Opinion | undefined {
  if (!s || s.level === 'unknown') return undefined;
  const waitingFor = s.file.waitingFor ? ` (${s.file.waitingFor})` : '';
  return { phase: s.level, at: s.at, source: 'status_file', detail: `status ${s.file.status ?? '?'}${waitingFor}` };
}

function screenPhase(r: ScreenReading): Opinion['phase'] | undefined {
  switch (r.kind) {
    case 'idle':
      return 'idle';
    case 'working':
    case 'retrying':
      return 'working';
    case 'permission_prompt':
    case 'asking':
    case 'plan_approval':
    case 'menu':
      return 'waiting';
    case 'dialog':
      return 'dialog';
    default:
      return undefined;
  }
}

/**
 * Decides the state from a snapshot of signals, in the documented order of trust:
 * process exit > hooks (edges) > status file (level) > transcript (content) > screen (which dialog; fallback).
 * The freshest of hooks / status file / transcript sets the phase (ties go to the more trusted source);
 * the screen names the dialog and its options, and replaces hook/transcript edges only when it changed
 * after them and no status file is available (an interrupt fires no hook).
 */
export function combine(s: Signals): SessionState {
  const scr = s.screen;
  const r = scr?.reading;
  if (s.exit)
    return {
      kind: 'exited',
      code: s.exit.code,
      signal: s.exit.signal,
      evidence: [ev('process', `exit code ${s.exit.code} signal ${s.exit.signal}`, s.exit.at)],
    };
  const hookOp = s.hook?.opinion;
  if (hookOp?.phase === 'exited')
    return { kind: 'exited', code: null, signal: null, evidence: [ev('hook', hookOp.detail, hookOp.at)] };
  if (r && scr && r.kind === 'exited') {
    return {
      kind: 'exited',
      code: null,
      signal: null,
      ...(r.exit?.message ? { message: r.exit.message } : {}),
      evidence: [ev('screen', 'shell prompt after Claude', scr.at)],
    };
  }
  if (
    r &&
    scr &&
    (r.kind === 'trust_prompt' || r.kind === 'api_key_prompt' || r.kind === 'bypass_permissions_prompt')
  ) {
    const evidence = [ev('screen', r.matched.join(', '), scr.at)];
    if (r.kind === 'trust_prompt')
      return { kind: r.kind, options: r.options, ...(r.folder ? { folder: r.folder } : {}), evidence };
    return { kind: r.kind, options: r.options, evidence };
  }

  const candidates = [hookOp, statusOpinion(s.status), s.transcript?.opinion].filter(
    (o): o is Opinion => o !== undefined,
  );
  candidates.sort((a, b) => b.at - a.at || (TRUST[a.source] ?? 9) - (TRUST[b.source] ?? 9));
  let level: Opinion | undefined = candidates[0];
  const evidence: Evidence[] = level ? [ev(level.source, level.detail, level.at)] : [];

  const sp = r ? screenPhase(r) : undefined;
  if (r && scr && sp) {
    if (!level) {
      level = { phase: sp, at: scr.since, source: 'screen', detail: r.matched.join(', ') };
      evidence.push(ev('screen', `${r.kind} (${r.matched.join(', ')})`, scr.at));
    } else if (
      !s.status &&
      level.source !== 'screen' &&
      scr.since > level.at &&
      level.phase !== sp &&
      (sp === 'idle' || sp === 'working')
    ) {
      evidence.unshift(ev('screen', `${r.kind} since ${scr.since}, after ${level.source} ${level.detail}`, scr.at));
      level = { phase: sp, at: scr.since, source: 'screen', detail: r.kind };
    } else if (
      level.source === 'status_file' &&
      level.phase === 'waiting' &&
      (sp === 'idle' || sp === 'working') &&
      scr.since > level.at
    ) {
      // the dialog closed (answered or escaped) after the status file said waiting, and the file has not caught up
      // yet: never invent a permission prompt from a lagging level. (Before a dialog is drawn the screen keeps
      // showing the spinner it showed before the file turned waiting, so `since` is older and this does not apply.)
      evidence.unshift(ev('screen', `${r.kind} since ${scr.since}, after status file ${level.detail}`, scr.at));
      level = { phase: sp, at: scr.since, source: 'screen', detail: r.kind };
    } else if (
      (sp === 'waiting' || sp === 'dialog') &&
      (level.phase === 'waiting' ||
        level.phase === 'dialog' ||
        scr.since > level.at ||
        (scr.since === level.at && level.source !== 'hook'))
    ) {
      // the screen is the only source that tells which dialog; a visible prompt is never hidden
      evidence.unshift(ev('screen', `${r.kind} (${r.matched.join(', ')})`, scr.at));
      level = { phase: sp, at: Math.max(level.at, scr.since), source: 'screen', detail: r.kind };
    }
  }
  if (!level) {
    if (r && scr && r.kind === 'unknown' && !s.everReady)
      return { kind: 'starting', evidence: [ev('screen', 'no Claude Code screen yet', scr.at)] };
    if (!r) return { kind: 'starting', evidence: [] };
    return { kind: 'unknown', evidence: [ev('screen', `unrecognised screen (${r.kind})`, scr?.at ?? s.now)] };
  }

  // an API error ends the turn (StopFailure replaces Stop); hold it briefly, then report idle
  const errorOp = [hookOp, s.transcript?.opinion].find((o) => o?.phase === 'error');
  const newerWork = candidates.some((o) => errorOp && o.phase !== 'idle' && o.phase !== 'error' && o.at > errorOp.at);
  if (errorOp && !newerWork && (level.phase === 'idle' || level.phase === 'error')) {
    if (s.now - errorOp.at < s.errorHoldMs) {
      return {
        kind: 'error',
        message: errorOp.message ?? 'API error',
        retrying: false,
        evidence: [
          ev(errorOp.source, errorOp.detail, errorOp.at),
          ...evidence.filter((e) => e.source !== errorOp.source),
        ],
      };
    }
    return {
      kind: 'idle',
      ...idleExtras(r),
      lastTurn: { outcome: 'api_error', ...(errorOp.message ? { message: errorOp.message } : {}) },
      evidence,
    };
  }

  switch (level.phase) {
    case 'exited':
      return { kind: 'exited', code: null, signal: null, evidence };
    case 'idle': {
      const state: SessionState = { kind: 'idle', ...idleExtras(r), evidence };
      if (level.interrupted) state.lastTurn = { outcome: 'interrupted' };
      return state;
    }
    case 'dialog':
      return { kind: 'dialog', ...(r?.kind === 'dialog' && r.title ? { title: r.title } : {}), evidence };
    case 'waiting':
      return dialogState(s, r, evidence);
    case 'error':
      return { kind: 'error', message: level.message ?? 'API error', retrying: false, evidence };
    case 'working': {
      if (r?.kind === 'retrying' && r.retry) {
        return {
          kind: 'error',
          message: r.retry.message,
          retrying: true,
          attempt: r.retry.attempt,
          maxAttempts: r.retry.maxAttempts,
          retryInSeconds: r.retry.retryInSeconds,
          evidence,
        };
      }
      const spinner = r?.kind === 'working' ? r.spinner : undefined;
      const growth = s.lastGrowthAt ?? level.at;
      if (s.now - growth >= s.stallMs) {
        const what = s.hook?.tool ?? r?.tool;
        return {
          kind: 'stalled',
          since: growth,
          reason: `no transcript, token or status growth for ${Math.round((s.now - growth) / 1000)}s${what ? ` (tool ${what} running)` : ''}`,
          ...(spinner ? { spinner } : {}),
          evidence: [...evidence, ev('timer', `stall threshold ${s.stallMs}ms`, s.now)],
        };
      }
      const tool = s.hook?.tool ?? (r?.kind === 'working' ? r.tool : undefined);
      return {
        kind: 'working',
        ...(spinner ? { spinner } : {}),
        ...(tool ? { tool } : {}),
        ...(r?.queued?.length ? { queued: r.queued } : {}),
        evidence,
      };
    }
  }
}

function idleExtras(r: ScreenReading | undefined) {
  if (!r || r.kind !== 'idle') return {};
  return {
    ...(r.input?.text ? { input: r.input.text } : {}),
    ...(r.mode ? { mode: r.mode } : {}),
    ...(r.lastTurn ? { lastTurn: r.lastTurn } : {}),
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function dialogState(s: Signals, r: ScreenReading | undefined, evidence: Evidence[]): SessionState {
  const perm = s.hook?.permission;
  const onScreen = r && ['permission_prompt', 'asking', 'plan_approval', 'menu'].includes(r.kind) ? r : undefined;
  // 2.1.331's status file says `input needed` for AskUserQuestion (2.1.197: `permission prompt` for both)
  const fromStatus = s.status?.file.waitingFor === 'input needed' ? 'asking' : 'permission_prompt';
  const kind =
    onScreen?.kind ??
    (perm?.toolName === 'AskUserQuestion'
      ? 'asking'
      : perm?.toolName === 'ExitPlanMode'
        ? 'plan_approval'
        : perm
          ? 'permission_prompt'
          : fromStatus);
  const options = onScreen?.options ?? [];
  if (kind === 'asking') {
    const fromHook = perm?.toolName === 'AskUserQuestion' ? hookQuestions(perm.toolInput) : undefined;
    return { kind: 'asking', questions: fromHook ?? onScreen?.questions ?? [], options, evidence };
  }
  if (kind === 'plan_approval') {
    const plan = str(perm?.toolInput.plan) ?? onScreen?.plan;
    const planFile = str(perm?.toolInput.planFilePath) ?? onScreen?.planFile;
    return { kind: 'plan_approval', ...(plan ? { plan } : {}), ...(planFile ? { planFile } : {}), options, evidence };
  }
  if (kind === 'menu') return { kind: 'unknown', options, evidence };
  const input = perm?.toolInput;
  const tool = perm?.toolName ?? onScreen?.tool;
  const command = str(input?.command) ?? onScreen?.command;
  const file = str(input?.file_path) ?? str(input?.notebook_path) ?? onScreen?.file;
  const description = str(input?.description) ?? onScreen?.description;
  return {
    kind: 'permission_prompt',
    ...(tool ? { tool } : {}),
    ...(command ? { command } : {}),
    ...(file ? { file } : {}),
    ...(description ? { description } : {}),
    ...(onScreen?.question ? { question: onScreen.question } : {}),
    ...(input ? { toolInput: input } : {}),
    options,
    evidence,
  };
}

/** AskUserQuestion's own questions (from the PermissionRequest hook): all tabs, not just the visible one. */
function hookQuestions(input: Record<string, unknown>): Question[] | undefined {
  const qs = input.questions;
  if (!Array.isArray(qs)) return undefined;
  const table = patternsFor();
  return qs.map((q: Record<string, unknown>) => {
    const opts = Array.isArray(q.options) ? (q.options as Array<Record<string, unknown>>) : [];
    const options: MenuOption[] = opts.map((o, i) => {
      const label = str(o.label) ?? '';
      const d = str(o.description);
      return { ...identifyOption(label, table), key: String(i + 1), label, ...(d ? { description: d } : {}) };
    });
    const header = str(q.header);
    return { text: str(q.question) ?? '', multiSelect: q.multiSelect === true, options, ...(header ? { header } : {}) };
  });
}

/** The state a screen alone implies (no other signal). */
export function stateFromScreen(reading: ScreenReading, at = 0): SessionState {
  return combine({ now: at, screen: { reading, at, since: at }, everReady: true, stallMs: Infinity, errorHoldMs: 0 });
}
