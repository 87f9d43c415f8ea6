import { realClock, type Clock, type TimerHandle } from './clock.js';
import type { StateTrackerOptions } from './tracker-options.js';
import { combine, type Signals } from './combine.js';
import type { HookEvent } from './hooks.js';
import { classifyScreen } from './screen/classify.js';
import type { ScreenReading } from './screen/reading.js';
import { reduceHook, reduceTranscript } from './signals.js';
import { checkStatusFileIdentity, statusLevel, type ExpectedSession, type StatusFile } from './status-file.js';
import type { TranscriptSignal } from './transcript-signals.js';
import { isDialogState, type SessionState, type TrackerEvent } from './types.js';

export type { StateTrackerOptions };

type Listener = (e: TrackerEvent) => void;

/** Idle is debounced only when leaving a turn (working, stalled, a dialog answered); not after start-up gates or an error hold. */
const NO_DEBOUNCE_FROM = new Set([
  'starting',
  'unknown',
  'idle',
  'exited',
  'error',
  'trust_prompt',
  'api_key_prompt',
  'bypass_permissions_prompt',
]);

/** Identity of a state for "did it change": kind plus what makes one dialog differ from the next. */
function signature(s: SessionState): string {
  switch (s.kind) {
    case 'permission_prompt':
      return `${s.kind}|${s.tool ?? ''}|${s.command ?? ''}|${s.file ?? ''}`;
    case 'asking':
      return `${s.kind}|${s.questions.map((q) => q.text).join('|')}|${s.options.map((o) => o.id).join(',')}`;
    case 'plan_approval':
    case 'trust_prompt':
    case 'api_key_prompt':
    case 'bypass_permissions_prompt':
      return `${s.kind}|${s.options.map((o) => o.id).join(',')}`;
    case 'error':
      return `${s.kind}|${s.retrying}`;
    default:
      return s.kind;
  }
}

function screenSignature(r: ScreenReading): string {
  return `${r.kind}|${r.question ?? ''}|${r.command ?? ''}|${r.file ?? ''}`;
}

/**
 * Follows one Claude Code session: feed it signals as they arrive, read `state`, subscribe to transition
 * and dialog-unanswered events. Pure logic: time comes from the injected clock.
 */
export class StateTracker {
  private readonly clock: Clock;
  private readonly opts: Required<Omit<StateTrackerOptions, 'clock' | 'version' | 'expect'>>;
  private readonly version: string | undefined;
  private expect: ExpectedSession | undefined;
  private readonly listeners = new Set<Listener>();
  private sig: Omit<Signals, 'now' | 'stallMs' | 'errorHoldMs'> = {};
  private current: SessionState = { kind: 'starting', evidence: [] };
  private currentSince: number;
  private pendingIdleSince: number | undefined;
  private idleTimer: TimerHandle | undefined;
  private recheckTimer: TimerHandle | undefined;
  private dialogTimer: TimerHandle | undefined;
  private lastTokens: number | undefined;

  constructor(options: StateTrackerOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.version = options.version;
    this.expect = options.expect;
    this.opts = {
      idleDebounceMs: options.idleDebounceMs ?? 200,
      agreedIdleDebounceMs: options.agreedIdleDebounceMs ?? 0,
      stopHookIdleDebounceMs: options.stopHookIdleDebounceMs ?? 0,
      screenIdleDebounceMs: options.screenIdleDebounceMs ?? 500,
      stallMs: options.stallMs ?? 5 * 60_000,
      dialogUnansweredMs: options.dialogUnansweredMs ?? 5 * 60_000,
      errorHoldMs: options.errorHoldMs ?? 5_000,
    };
    this.currentSince = this.clock.now();
  }

  /** The current state (never debounced away: dialogs appear at once; only idle waits). */
  get state(): SessionState {
    return this.current;
  }

  /**
   * The newest screen shows Claude Code's idle input box. Idle (from the Stop hook) can be reported before Claude
   * Code redraws; keys sent before the box is drawn can be dropped, so a caller that types waits for this too.
   */
  get inputReady(): boolean {
    return this.sig.screen?.reading.kind === 'idle';
  }

  /** When the current state began (tracker clock). */
  get stateSince(): number {
    return this.currentSince;
  }

  /** Listen to transition and dialog-unanswered events. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Updates what the caller knows about the session (e.g. the sessionId once a hook reported it). */
  setExpectedSession(expect: ExpectedSession): void {
    this.expect = expect;
  }

  onHook(event: HookEvent): void {
    const now = this.clock.now();
    this.sig.hook = reduceHook(this.sig.hook, event, now);
    this.growth(now);
    this.evaluate();
  }

  /** The parsed status file, or null when it does not exist (yet, or any more). */
  onStatusFile(file: StatusFile | null): void {
    const now = this.clock.now();
    if (!file || (this.expect && !checkStatusFileIdentity(file, this.expect).ok)) {
      delete this.sig.status;
    } else {
      const prev = this.sig.status;
      const changed =
        !prev ||
        prev.file.status !== file.status ||
        prev.file.waitingFor !== file.waitingFor ||
        prev.file.statusUpdatedAt !== file.statusUpdatedAt;
      if (prev && prev.file.updatedAt !== file.updatedAt) this.growth(now);
      // order it by Claude Code's own write time when that is on our clock (the file is read up to 100 ms late)
      const written = file.statusUpdatedAt;
      const at = written !== undefined && written <= now && now - written < 2_000 ? written : now;
      this.sig.status = { file, level: statusLevel(file), at: changed ? at : prev.at };
      if (changed) this.growth(now);
    }
    this.evaluate();
  }

  onTranscript(signals: TranscriptSignal | readonly TranscriptSignal[]): void {
    const list = Array.isArray(signals) ? signals : [signals as TranscriptSignal];
    for (const s of list) this.sig.transcript = reduceTranscript(this.sig.transcript, s);
    if (list.length > 0) this.growth(this.clock.now());
    this.evaluate();
  }

  /** A screen capture (text, with or without escapes) or an already classified reading. */
  onScreen(screen: string | ScreenReading): void {
    const now = this.clock.now();
    const reading =
      typeof screen === 'string' ? classifyScreen(screen, this.version ? { version: this.version } : {}) : screen;
    const prev = this.sig.screen;
    const since = prev && screenSignature(prev.reading) === screenSignature(reading) ? prev.since : now;
    this.sig.screen = { reading, at: now, since };
    const tokens = reading.spinner?.tokens;
    if (tokens !== undefined && tokens !== this.lastTokens) {
      this.lastTokens = tokens;
      this.growth(now);
    }
    this.evaluate();
  }

  onProcessExit(code: number | null, signal: string | null = null): void {
    this.sig.exit = { code, signal, at: this.clock.now() };
    this.evaluate();
  }

  /** Cancels every timer; the tracker emits nothing afterwards. */
  dispose(): void {
    for (const t of [this.idleTimer, this.recheckTimer, this.dialogTimer])
      if (t !== undefined) this.clock.clearTimeout(t);
    this.listeners.clear();
  }

  private growth(now: number): void {
    this.sig.lastGrowthAt = now;
  }

  private evaluate(): void {
    const now = this.clock.now();
    const next = combine({ ...this.sig, now, stallMs: this.opts.stallMs, errorHoldMs: this.opts.errorHoldMs });
    if (next.kind !== 'starting' && next.kind !== 'unknown') this.sig.everReady = true;
    if (next.kind === 'idle' && this.current.kind !== 'idle' && !NO_DEBOUNCE_FROM.has(this.current.kind)) {
      const screenOnly = next.evidence[0]?.source === 'screen'; // evidence[0] is the deciding fact
      const wait = screenOnly
        ? this.opts.screenIdleDebounceMs
        : this.stopHookDecides(next)
          ? this.opts.stopHookIdleDebounceMs
          : this.signalsAgreeOnIdle(next)
            ? this.opts.agreedIdleDebounceMs
            : this.opts.idleDebounceMs;
      this.pendingIdleSince ??= now;
      if (now - this.pendingIdleSince < wait) {
        if (this.idleTimer !== undefined) this.clock.clearTimeout(this.idleTimer);
        this.idleTimer = this.clock.setTimeout(
          () => {
            this.idleTimer = undefined;
            this.evaluate();
          },
          this.pendingIdleSince + wait - now,
        );
        return;
      }
    }
    this.pendingIdleSince = undefined;
    if (this.idleTimer !== undefined) {
      this.clock.clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    if (signature(next) === signature(this.current)) {
      this.current = next; // same state, fresher details (spinner, evidence)
    } else {
      const from = this.current;
      this.current = next;
      this.currentSince = now;
      this.armDialogTimer();
      this.emit({ type: 'transition', from, to: next, at: now, evidence: next.evidence });
    }
    this.scheduleRecheck();
  }

  /**
   * The deciding signal says idle and the screen, redrawn during this turn state, shows the idle input box with
   * nothing queued; a status file newer than the deciding signal must say idle too (an older one is superseded,
   * e.g. by the Stop hook, which arrives before Claude Code rewrites its status file).
   */
  private signalsAgreeOnIdle(next: SessionState): boolean {
    const scr = this.sig.screen;
    if (!scr || scr.reading.kind !== 'idle' || scr.since <= this.currentSince) return false;
    if (scr.reading.input?.queued || (scr.reading.queued?.length ?? 0) > 0) return false;
    const status = this.sig.status;
    const decidedAt = next.evidence[0]?.at ?? 0;
    return !status || status.level === 'idle' || status.at < decidedAt;
  }

  /** The Stop hook decided idle, nothing queued shows on the screen, and no newer status file says busy. */
  private stopHookDecides(next: SessionState): boolean {
    const deciding = next.evidence[0];
    if (deciding?.source !== 'hook' || deciding.detail !== 'Stop') return false;
    const r = this.sig.screen?.reading;
    if (r?.input?.queued || (r?.queued?.length ?? 0) > 0) return false;
    const status = this.sig.status;
    return !status || status.level === 'idle' || status.at <= deciding.at;
  }

  /** Re-evaluates when a time-based rule may flip the state: the stall threshold or the end of an error hold. */
  private scheduleRecheck(): void {
    if (this.recheckTimer !== undefined) this.clock.clearTimeout(this.recheckTimer);
    this.recheckTimer = undefined;
    const now = this.clock.now();
    let due: number | undefined;
    if (this.current.kind === 'working') due = (this.sig.lastGrowthAt ?? this.currentSince) + this.opts.stallMs;
    else if (this.current.kind === 'error' && !this.current.retrying) {
      const at = Math.max(...this.current.evidence.map((e) => e.at));
      due = at + this.opts.errorHoldMs;
    }
    if (due === undefined || !Number.isFinite(due) || due <= now) return;
    this.recheckTimer = this.clock.setTimeout(
      () => {
        this.recheckTimer = undefined;
        this.evaluate();
      },
      Math.max(0, due - now),
    );
  }

  private armDialogTimer(): void {
    if (this.dialogTimer !== undefined) this.clock.clearTimeout(this.dialogTimer);
    this.dialogTimer = undefined;
    if (!isDialogState(this.current)) return;
    const since = this.currentSince;
    const state = this.current;
    this.dialogTimer = this.clock.setTimeout(() => {
      this.dialogTimer = undefined;
      if (this.current === state || signature(this.current) === signature(state)) {
        this.emit({ type: 'dialog_unanswered', state: this.current, since, at: this.clock.now() });
      }
    }, this.opts.dialogUnansweredMs);
  }

  private emit(e: TrackerEvent): void {
    for (const l of this.listeners) l(e);
  }
}
