import {
  StateTracker,
  isDialogState,
  type HookEvent,
  type SessionState,
  type StatusFile,
  type TransitionEvent,
} from '@aegis/state';
import { startsTurn, type TranscriptEntry } from '@aegis/transcript';
import type { ConfirmedBy } from './events.js';
import type { EventLog } from './event-log.js';
import { signalName } from './exit-signal.js';
import type { Clock, IdGenerator } from './io.js';
import { promptEvent } from './prompt-events.js';
import { optionsOf, PromptTracker, type OpenPrompt } from './prompt-tracker.js';
import type { SessionRecord } from './record.js';
import { ScreenFeed } from './screen-feed.js';
import type { StatusPoller } from './status-poller.js';
import type { RecordWriter } from './storage/session-records.js';
import type { Target, Terminal } from './terminal.js';
import { SubmissionLog } from './submission-log.js';
import { transcriptEvent } from './transcript-events.js';
import { entryToSignal, TranscriptFeed } from './transcript-feed.js';

export interface RuntimeDeps {
  terminal: Terminal;
  events: EventLog;
  store: RecordWriter;
  clock: Clock;
  ids: IdGenerator;
  statusPoller: StatusPoller;
  transcriptPath: string;
  transcriptPollMs: number;
  /** How long a PermissionRequest hook is held for an answer before Claude gets "no opinion". */
  permissionHoldMs: number;
  /** Called after every screen the detector read (the session pumps its queue once the input box is drawn). */
  onScreen?(rt: SessionRuntime): void;
  /** Called after every state change (the manager pumps the queue and answers gates). */
  onState(rt: SessionRuntime, from: SessionState, to: SessionState): void;
  /** Transcript entries already announced in the event log (re-adoption): never announced again. */
  announcedEntryIds?: ReadonlySet<string>;
  /** The pane's process exited (with its status, or the name of the signal that killed it) or the window vanished. */
  onGone(rt: SessionRuntime, reason: 'exited' | 'vanished', code: number | null, signal: string | null): void;
}

/** Everything live about one session: the detector and its feeds, prompt identity, delivery evidence. */
export class SessionRuntime {
  readonly record: SessionRecord;
  readonly tracker: StateTracker;
  readonly prompts: PromptTracker;
  readonly screen: ScreenFeed;
  readonly transcript: TranscriptFeed;
  readonly #d: RuntimeDeps;
  readonly #submissions = new SubmissionLog();
  readonly #waiters = new Set<() => void>();
  #lastStatusFile: StatusFile | null = null;
  #unsubs: (() => void)[] = [];
  #stopped = false;

  constructor(record: SessionRecord, deps: RuntimeDeps) {
    this.record = record;
    this.#d = deps;
    this.tracker = new StateTracker({
      clock: deps.clock,
      ...(record.claudeVersion ? { version: record.claudeVersion } : {}),
      ...(record.stallThresholdMs ? { stallMs: record.stallThresholdMs } : {}),
      expect: { sessionId: record.claudeSessionId, launchedAt: record.launchedAt },
    });
    this.prompts = new PromptTracker(() => deps.ids.uuid());
    this.screen = new ScreenFeed(deps.terminal, record.paneId as Target, {
      onScreen: (text) => {
        this.tracker.onScreen(text);
        this.#refreshPrompt();
        deps.onScreen?.(this);
      },
      onExit: (code, signal) => {
        const name = signalName(signal);
        this.tracker.onProcessExit(code, name);
        deps.onGone(this, 'exited', code, name);
      },
      onClosed: () => deps.onGone(this, 'vanished', null, null),
      now: () => deps.clock.now(),
    });
    this.transcript = new TranscriptFeed(deps.transcriptPath, record.transcriptOffset, deps.transcriptPollMs, {
      onEntries: (all, fresh, offset) => this.#onEntries(all, fresh, offset),
    });
  }

  get id(): string {
    return this.record.id;
  }

  get state(): SessionState {
    return this.tracker.state;
  }

  /** Idle and ready to be typed into: the box is drawn, or idle for `graceMs` (an unread screen never holds a queue). */
  readyForInput(graceMs: number): boolean {
    if (this.#stopped || this.state.kind !== 'idle') return false;
    return this.tracker.inputReady || this.#d.clock.now() - this.tracker.stateSince >= graceMs;
  }

  async start(): Promise<void> {
    this.#unsubs.push(this.tracker.subscribe((e) => (e.type === 'transition' ? this.#onTransition(e) : undefined)));
    this.#unsubs.push(this.#d.statusPoller.add(this.record.claudeSessionId, (f) => this.#onStatusFile(f)));
    this.transcript.start();
    await this.screen.start();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const u of this.#unsubs) u();
    this.screen.stop();
    this.transcript.stop();
    this.prompts.closed();
    this.tracker.dispose();
    for (const w of this.#waiters) w();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  touch(): void {
    void this.#d.store.update(this.id, { lastActivity: this.#d.clock.now() });
  }

  // ── evidence of submitted prompts ─────────────────────────────────────────

  /** Sequence number of the newest evidence; pass it to {@link waitForSubmission}. */
  get submissionSeq(): number {
    return this.#submissions.seq;
  }

  #addSubmission(source: ConfirmedBy | 'activity', text: string | undefined): void {
    this.#submissions.add(source, text);
    for (const w of [...this.#waiters]) w();
  }

  /** See {@link SubmissionLog.find}. */
  findSubmission(afterSeq: number, text: string): ConfirmedBy | null {
    return this.#submissions.find(afterSeq, text);
  }

  /** See {@link SubmissionLog.textsSince}. */
  submittedTextsSince(afterSeq: number): string[] {
    return this.#submissions.textsSince(afterSeq);
  }

  /** See {@link SubmissionLog.noteDelivered}. */
  noteDelivered(text: string): void {
    this.#submissions.noteDelivered(text);
  }

  /** See {@link SubmissionLog.activitySince}. */
  activitySince(afterSeq: number): boolean {
    return this.#submissions.activitySince(afterSeq);
  }

  /** Resolves with the confirming source, or null after `timeoutMs`. */
  waitForSubmission(afterSeq: number, text: string, timeoutMs: number): Promise<ConfirmedBy | null> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.findSubmission(afterSeq, text);
        if (found || this.#stopped) finish(found);
      };
      const timer = this.#d.clock.setTimeout(() => finish(this.findSubmission(afterSeq, text)), timeoutMs);
      const finish = (v: ConfirmedBy | null) => {
        this.#d.clock.clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(v);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Resolves when `pred(state)` holds (checked on every transition), or false after `timeoutMs`. */
  waitForState(pred: (s: SessionState) => boolean, timeoutMs: number): Promise<boolean> {
    if (pred(this.state)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.#d.clock.setTimeout(() => done(pred(this.state)), timeoutMs);
      const unsub = this.tracker.subscribe(() => {
        if (pred(this.state)) done(true);
      });
      const stopCheck = () => {
        if (this.#stopped) done(pred(this.state));
      };
      this.#waiters.add(stopCheck);
      const done = (v: boolean) => {
        this.#d.clock.clearTimeout(timer);
        unsub();
        this.#waiters.delete(stopCheck);
        resolve(v);
      };
    });
  }

  // ── inputs ─────────────────────────────────────────────────────────────────

  /** A hook arrived; returns the HTTP reply body. */
  onHook(event: HookEvent): Promise<Record<string, unknown>> | Record<string, unknown> {
    if (this.#stopped) return {};
    this.touch();
    this.tracker.onHook(event);
    if (event.hook_event_name === 'UserPromptSubmit') this.#addSubmission('hook', event.prompt);
    if (event.hook_event_name !== 'PermissionRequest') return {};
    const kind =
      event.tool_name === 'AskUserQuestion'
        ? 'asking'
        : event.tool_name === 'ExitPlanMode'
          ? 'plan_approval'
          : 'permission_prompt';
    let prompt = this.prompts.current;
    if (!prompt || prompt.answered || prompt.kind !== kind) {
      const state =
        isDialogState(this.state) && this.state.kind === kind
          ? this.state
          : ({ kind, evidence: [], options: [] } as unknown as SessionState);
      prompt = this.#openPrompt(state);
    }
    const p = prompt;
    return new Promise((resolve) => {
      const timer = this.#d.clock.setTimeout(() => reply({}), this.#d.permissionHoldMs);
      const reply = (body: Record<string, unknown>) => {
        this.#d.clock.clearTimeout(timer);
        if (p.hook) delete p.hook.reply;
        resolve(body);
      };
      p.hook = { toolName: event.tool_name, toolInput: event.tool_input, reply };
    });
  }

  #onStatusFile(file: StatusFile | null): void {
    const prev = this.#lastStatusFile;
    this.#lastStatusFile = file;
    if (file && file.status === 'busy' && prev?.status === 'idle') this.#addSubmission('status_file', undefined);
    this.tracker.onStatusFile(file);
  }

  #onEntries(all: TranscriptEntry[], fresh: TranscriptEntry[], offset: number): void {
    const now = this.#d.clock.now();
    const signals = all.map((e) => entryToSignal(e, now)).filter((s) => s !== undefined);
    if (signals.length > 0) this.tracker.onTranscript(signals);
    const ev = this.#d.events;
    const sessionId = this.id;
    const seen = this.#d.announcedEntryIds;
    for (const e of fresh) {
      if (seen?.has(e.id)) continue;
      if (startsTurn(e)) this.#addSubmission('transcript', e.text);
      const event = transcriptEvent(sessionId, e);
      if (event) ev.emit(event);
    }
    if (offset > this.record.transcriptOffset)
      void this.#d.store.update(this.id, { transcriptOffset: offset, lastActivity: now });
  }

  #onTransition(e: TransitionEvent): void {
    const { from, to } = e;
    if (to.kind === 'working' && from.kind !== 'working') this.#addSubmission('activity', undefined);
    if (isDialogState(to)) this.#openPrompt(to);
    else this.prompts.closed();
    if (to.kind !== this.record.status) {
      const prev = this.record.status;
      void this.#d.store.update(this.id, { status: to.kind, lastActivity: this.#d.clock.now() });
      this.#d.events.emit({
        type: 'session.status',
        sessionId: this.id,
        data: { from: prev, to: to.kind, evidence: e.evidence },
      });
      if (to.kind === 'stalled')
        this.#d.events.emit({
          type: 'session.stalled',
          sessionId: this.id,
          data: { since: to.since, reason: to.reason },
        });
    }
    this.#d.onState(this, from, to);
  }

  /** A dialog reported by its hook gets its options once drawn (the tracker sees no transition for that). */
  #refreshPrompt(): void {
    const p = this.prompts.current;
    const s = this.state;
    if (p && !p.answered && s.kind === p.kind && optionsOf(s).length > optionsOf(p.state).length) this.#openPrompt(s);
  }

  #openPrompt(state: SessionState): OpenPrompt {
    const { prompt } = this.prompts.observe(state);
    if (!prompt.announced && (optionsOf(prompt.state).length > 0 || state.kind === 'asking')) {
      prompt.announced = true;
      const e = promptEvent(this.id, prompt);
      if (e) this.#d.events.emit(e);
    }
    return prompt;
  }
}
