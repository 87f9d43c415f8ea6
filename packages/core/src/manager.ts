import { join } from 'node:path';
import type { SessionState, StateKind } from '@aegis/state';
import { projectSlug } from '@aegis/transcript';
import { adoptAll } from './adopt.js';
import { Answerer, type AnswerResult } from './answerer.js';
import type { DeliveryResult } from './delivery.js';
import { Messenger, type Live, type SendResult } from './messages.js';
import { AegisError, SessionNotFoundError } from './errors.js';
import { EventLog } from './event-log.js';
import { signalName } from './exit-signal.js';
import type { EndReason } from './events.js';
import { handleGate, GATE_KINDS } from './gates.js';
import { HookReceiver } from './hook-receiver.js';
import { launchSession, type CreateParsed } from './launch-session.js';
import { resolveOptions, type ResolvedOptions, type SessionManagerOptions } from './manager-options.js';
import { MessageQueue } from './queue.js';
import { restoreQueue } from './durable-queue.js';
import type { SessionRecord } from './record.js';
import { pickReusable } from './reuse.js';
import { SessionRuntime } from './runtime.js';
export type { Live, SendResult };
import { AnswerSchema, CreateSessionSchema, envKeyDenied, SendSchema, type AnswerInput, type CreateSessionInput, type SendInput } from './schemas.js';
import { sessionInfo, type Health, type SessionInfo } from './session-info.js';
import { paneText, sessionHealth, transcriptPage, transcriptSummary } from './reads.js';
import { createBatch, type BatchItemResult } from './batch.js';
import type { Page, PageQuery, TranscriptSummary } from '@aegis/transcript';
import { StatusPoller } from './status-poller.js';
import { SessionStore } from './store.js';
import { checkStateDir, stateUnwritable } from './state-dir.js';
import type { Target, Terminal } from './terminal.js';
import { parseOrThrow } from './validate.js';
import { doneChecker } from './pipelines/done-check.js';
import { Pipelines } from './pipelines/pipelines.js';
import { sessionDriver } from './pipelines/session-driver.js';
import { assertLiteralMessage } from './input-policy.js';
import { BashSchema, CommandSchema, runBoxCommand, type BashInput, type CommandInput, type CommandResult } from './commands.js';

export interface CreateResult {
  session: SessionInfo;
  /** True when an idle session in the same folder was reused (servers: 200 instead of 201). */
  reused: boolean;
  /** The first prompt's receipt (delivered once the session is really idle). */
  prompt: { id: string; position: number } | null;
}

/** How often `waitFor` re-checks an idle session's queue. */
const SETTLE_CHECK_MS = 250;

/**
 * Sessions of the real Claude Code in tmux: create (clean start, gates answered), send (verified, exactly once,
 * queued while busy), answer prompts exactly once, read, kill, and re-adopt after a restart. Delegates to small
 * collaborators: launcher, gate answerer, hook receiver, delivery, queue, answerer, store, event log.
 */
export class SessionManager {
  readonly events: EventLog;
  /** Multi-session workflows over this manager's sessions. */
  readonly pipelines: Pipelines;
  readonly #o: ResolvedOptions;
  readonly #store: SessionStore;
  readonly #receiver = new HookReceiver();
  readonly #answerer: Answerer;
  readonly #messenger: Messenger;
  readonly #live = new Map<string, Live>();
  readonly #pollers = new Map<string, StatusPoller>();
  readonly #versions = new Map<string, Promise<string | null>>();
  #closed = false;

  private constructor(o: ResolvedOptions) {
    this.#o = o;
    this.events = new EventLog({ dir: o.stateDir, fs: o.fs, clock: o.clock });
    this.#store = new SessionStore(o.stateDir, o.fs);
    this.#answerer = new Answerer(o.terminal, this.events, o.clock);
    this.#messenger = new Messenger(o, this.events, {
      persisted: () => this.#store.flush(),
      writable: () => {
        const e = this.#writeError();
        if (e) throw stateUnwritable(o.stateDir ?? '', e);
      },
    });
    this.pipelines = new Pipelines({
      driver: sessionDriver(this),
      check: doneChecker({ fs: o.fs, runner: o.processRunner, env: o.env }),
      stateDir: o.stateDir,
      fs: o.fs,
      clock: o.clock,
      ids: o.ids,
      emit: (e) => this.events.emit(e),
      options: o.pipelines,
    });
  }

  /** Opens the state dir, starts the hook receiver and re-adopts every live session of the previous run. */
  static async start(options: SessionManagerOptions = {}): Promise<SessionManager> {
    const m = new SessionManager(resolveOptions(options));
    try {
      await m.#open();
    } catch (e) {
      await m.#receiver.close();
      throw e;
    }
    return m;
  }

  get terminal(): Terminal {
    return this.#o.terminal;
  }

  /** Port of the loopback hook receiver. */
  get hookPort(): number {
    return this.#receiver.port;
  }

  async #open(): Promise<void> {
    if (this.#o.stateDir) await checkStateDir(this.#o.fs, this.#o.stateDir);
    await this.events.open();
    await this.#store.load();
    const port = await this.#receiver.listen(this.#o.hookPort ?? this.#store.hookPort ?? 0);
    if (port !== this.#store.hookPort) this.#store.hookPort = port;
    await adoptAll(this, this.#store, this.#o.terminal);
    await this.pipelines.open();
  }

  // ── create ─────────────────────────────────────────────────────────────────

  async create(input: CreateSessionInput): Promise<CreateResult> {
    this.#assertOpen();
    const c = parseOrThrow(CreateSessionSchema, input);
    if (c.prompt) assertLiteralMessage(c.prompt); // refused before a session is launched
    for (const key of Object.keys(c.env ?? {})) {
      const why = envKeyDenied(key);
      if (why) throw new AegisError('ENV_DENIED', `env ${key} is not allowed (${why})`, { key });
    }
    let workDir: string;
    try {
      workDir = await this.#o.fs.realpath(c.workDir);
      if (!(await this.#o.fs.stat(workDir)).isDirectory) throw new Error('not a directory');
    } catch (cause) {
      throw new AegisError('INVALID_WORKDIR', `workDir ${c.workDir} is not an existing folder`, { workDir: c.workDir }, { cause });
    }
    // kept across resume: a resumed Claude session gets the mode it had, unless the caller names one
    const resumed = c.resumeSessionId ? this.#store.all().find((r) => r.claudeSessionId === c.resumeSessionId) : undefined;
    const running = [...this.#live.values()].find((l) => l.rt.record.claudeSessionId === c.resumeSessionId);
    if (c.resumeSessionId && running) {
      throw new AegisError('INVALID_INPUT', `Claude session ${c.resumeSessionId} is still running in session ${running.rt.id}`, { sessionId: running.rt.id });
    }
    const permissionMode = c.permissionMode ?? resumed?.permissionMode ?? this.#o.defaultPermissionMode;
    const owner = c.owner ?? null;
    const reusable = pickReusable(
      [...this.#live.values()].map((l) => ({ record: l.rt.record, status: l.rt.state.kind, busy: l.queue.length > 0 || l.queue.delivering, reserved: l.reserved })),
      { workDir, owner, permissionMode, model: c.model, env: c.env, resumeSessionId: c.resumeSessionId, reuse: c.reuse },
    );
    if (reusable) {
      const live = this.#live.get(reusable.id)!;
      live.reserved = true;
      try {
        const prompt = c.prompt ? this.#messenger.enqueue(live, c.prompt) : null;
        this.events.emit({ type: 'session.created', sessionId: reusable.id, data: { workDir, name: reusable.name, permissionMode, reused: true, resumed: false } });
        if (prompt) await prompt.done.catch(() => undefined);
        return { session: this.get(reusable.id), reused: true, prompt: prompt ? { id: prompt.id, position: prompt.position } : null };
      } finally {
        live.reserved = false;
      }
    }
    return this.#launch(c, workDir, permissionMode, owner);
  }

  async #launch(c: CreateParsed, workDir: string, permissionMode: SessionRecord['permissionMode'], owner: string | null): Promise<CreateResult> {
    const record = await launchSession(
      { o: this.#o, receiver: this.#receiver, versions: this.#versions, onHook: (id, e) => this.#live.get(id)?.rt.onHook(e) ?? {} },
      c,
      workDir,
      permissionMode,
      owner,
    );
    this.#store.put(record);
    const live = await this.attach(record);
    const { id, name } = record;
    this.events.emit({ type: 'session.created', sessionId: id, data: { workDir, name, permissionMode, reused: false, resumed: c.resumeSessionId !== undefined } });
    const prompt = c.prompt ? this.#messenger.enqueue(live, c.prompt) : null;
    return { session: this.get(id), reused: false, prompt: prompt ? { id: prompt.id, position: prompt.position } : null };
  }

  /** Starts following a launched (or re-adopted) session. Internal; used by create and re-adoption. */
  async attach(record: SessionRecord, announcedEntryIds?: ReadonlySet<string>): Promise<Live> {
    const o = this.#o;
    let poller = this.#pollers.get(record.configDir);
    if (!poller) this.#pollers.set(record.configDir, (poller = new StatusPoller(record.configDir, o.fs, o.clock, o.statusPollMs)));
    this.#receiver.register(record.id, record.hookSecret, (e) => this.#live.get(record.id)?.rt.onHook(e) ?? {});
    const rt = new SessionRuntime(record, {
      terminal: o.terminal,
      events: this.events,
      store: this.#store,
      clock: o.clock,
      ids: o.ids,
      statusPoller: poller,
      transcriptPath: join(record.configDir, 'projects', projectSlug(record.workDir), `${record.claudeSessionId}.jsonl`),
      transcriptPollMs: o.transcriptPollMs,
      permissionHoldMs: o.permissionHoldMs,
      ...(announcedEntryIds ? { announcedEntryIds } : {}),
      onState: (r, from, to) => this.#onState(r, from, to),
      onGone: (r, reason, code, signal) => void this.#end(r.id, reason, code, false, signal),
    });
    const pending = record.queue ?? [];
    const queue = new MessageQueue(
      () => rt.state.kind === 'idle' && !rt.stopped && !live.typing,
      (m) => this.#messenger.deliver(rt, m.id, m.text),
      (q) => this.#store.update(record.id, { queue: q }),
      () => o.clock.now(),
    );
    const live: Live = { rt, queue, reserved: false, ending: false };
    this.#live.set(record.id, live);
    await rt.start();
    if (pending.length > 0) await restoreQueue(live, pending, this.events);
    return live;
  }

  #onState(rt: SessionRuntime, _from: SessionState, to: SessionState): void {
    const live = this.#live.get(rt.id);
    if (!live) return;
    if (GATE_KINDS.has(to.kind)) void handleGate(rt, this.#answerer, this.events);
    // A SessionEnd hook or exit screen comes before the pane dies: the code comes with the death (pushed by tmux)
    if (to.kind === 'exited') this.#o.clock.setTimeout(() => void this.#endIfDead(rt.id), 5000);
    live.queue.pump();
  }

  // ── send ───────────────────────────────────────────────────────────────────

  /**
   * Sends a message. Idle → delivered now as a verified transaction. Busy (working, dialog, starting) → queued (FIFO),
   * `{queued: true, id, position}`; with `wait: true` the call resolves once it was delivered.
   */
  async send(sessionId: string, input: SendInput | string): Promise<SendResult> {
    const s = parseOrThrow(SendSchema, typeof input === 'string' ? { text: input } : input);
    return this.#messenger.send(this.#getLive(sessionId), s.text, s.wait === true);
  }

  /** Runs a slash command (`/compact`) in an idle session; returns the screen it left. 409 SESSION_BUSY otherwise. */
  command(sessionId: string, input: CommandInput): Promise<CommandResult> {
    const c = parseOrThrow(CommandSchema, input);
    return runBoxCommand(this.#getLive(sessionId), this.#o, 'slash', c.command);
  }

  /** Runs a command in Claude Code's shell mode ("!"), which bypasses permission prompts: gate it (admin). */
  bash(sessionId: string, input: BashInput): Promise<CommandResult> {
    const c = parseOrThrow(BashSchema, input);
    return runBoxCommand(this.#getLive(sessionId), this.#o, 'shell', c.command);
  }

  /** Resolves with the delivery result of a queued message. */
  async waitForDelivery(sessionId: string, messageId: string): Promise<DeliveryResult> {
    const p = this.#getLive(sessionId).queue.result(messageId);
    if (!p) throw new AegisError('INVALID_INPUT', `no message ${messageId}`, { messageId });
    return p;
  }

  // ── answer ─────────────────────────────────────────────────────────────────

  answer(sessionId: string, input: AnswerInput): Promise<AnswerResult> {
    const a = parseOrThrow(AnswerSchema, input);
    return this.#answerer.answer(this.#getLive(sessionId).rt, a);
  }
  approve(sessionId: string, o: { always?: boolean; promptId?: string } = {}): Promise<AnswerResult> {
    return this.answer(sessionId, { action: 'approve', ...o });
  }
  reject(sessionId: string, o: { message?: string; promptId?: string } = {}): Promise<AnswerResult> {
    return this.answer(sessionId, { action: 'reject', ...o });
  }
  interrupt(sessionId: string): Promise<AnswerResult> {
    return this.answer(sessionId, { action: 'interrupt' });
  }

  // ── read ───────────────────────────────────────────────────────────────────

  get(sessionId: string): SessionInfo {
    const record = this.#store.get(sessionId);
    if (!record) throw new SessionNotFoundError(sessionId);
    const live = this.#live.get(sessionId);
    return sessionInfo(record, live?.rt, live ? live.queue.length + (live.queue.delivering ? 1 : 0) : 0);
  }

  list(): SessionInfo[] {
    return this.#store.all().map((r) => this.get(r.id));
  }

  /**
   * Resolves once the session's status is one of the given kinds (or satisfies `pred`); false on timeout. Given as
   * kinds, `idle` counts only once no message is queued or being delivered: a queued message is about to make the
   * session work (e.g. right after `create` with a prompt).
   */
  async waitFor(sessionId: string, want: StateKind | StateKind[] | ((s: SessionState) => boolean), timeoutMs = 60_000): Promise<boolean> {
    const live = this.#live.get(sessionId);
    const settled = () => !live || (live.queue.length === 0 && !live.queue.delivering);
    const kinds = typeof want === 'function' ? null : Array.isArray(want) ? want : [want];
    const pred = kinds ? (s: SessionState) => kinds.includes(s.kind) && (s.kind !== 'idle' || settled()) : (want as (s: SessionState) => boolean);
    if (!live) return pred({ kind: 'exited', code: null, signal: null, evidence: [] });
    if (!kinds?.includes('idle')) return live.rt.waitForState(pred, timeoutMs);
    // The queue draining does not change the state: look again now and then.
    const deadline = this.#o.clock.now() + timeoutMs;
    for (;;) {
      const left = deadline - this.#o.clock.now();
      if (await live.rt.waitForState(pred, Math.max(0, Math.min(left, SETTLE_CHECK_MS)))) return true;
      if (left <= SETTLE_CHECK_MS || live.rt.stopped) return false;
    }
  }

  /** A page of the transcript with stable cursors. */
  transcript(sessionId: string, query: PageQuery = {}): Promise<Page> {
    return transcriptPage(this, sessionId, query);
  }
  summary(sessionId: string): Promise<TranscriptSummary> {
    return transcriptSummary(this, sessionId);
  }
  /** The pane's text. */
  pane(sessionId: string): Promise<string> {
    return paneText(this, sessionId);
  }
  health(sessionId: string): Promise<Health> {
    return sessionHealth(this, sessionId);
  }
  /** Creates up to 50 sessions; per-item results, partial failure reported (never thrown). */
  createBatch(inputs: readonly CreateSessionInput[]): Promise<BatchItemResult[]> {
    return createBatch(this, inputs);
  }

  /** Can state be written? `error` says why not (disk full, read-only); sends are refused meanwhile. */
  storage(): { ok: boolean; error: string | null } {
    const e = this.#writeError();
    return { ok: e === null, error: e ? e.message : null };
  }

  #writeError(): Error | null {
    return this.#store.writeError ?? this.events.writeError;
  }

  /** Internal for collaborators (reads, adopt). */
  live(sessionId: string): Live | undefined {
    return this.#live.get(sessionId);
  }

  #getLive(sessionId: string): Live {
    const live = this.#live.get(sessionId);
    if (live) return live;
    if (this.#store.get(sessionId)) throw new AegisError('SESSION_EXITED', `session ${sessionId} has ended`, { sessionId });
    throw new SessionNotFoundError(sessionId);
  }

  // ── end ────────────────────────────────────────────────────────────────────

  /** Kills Claude, every process it started and the window; emits `session.ended` (reason `killed`). */
  async kill(sessionId: string, reason: Extract<EndReason, 'killed' | 'shutdown'> = 'killed'): Promise<void> {
    const record = this.#store.get(sessionId);
    if (!record) throw new SessionNotFoundError(sessionId);
    const live = this.#live.get(sessionId);
    if (live) live.ending = true;
    await this.#o.terminal.killWindow(record.windowId as Target).catch(() => undefined);
    await this.#end(sessionId, reason, null, true);
  }

  /** Fallback when tmux did not push the pane's death: ends the session if its pane is dead or gone. */
  async #endIfDead(sessionId: string): Promise<void> {
    const record = this.#store.get(sessionId);
    if (!record || record.endedAt !== null) return;
    const win = await this.#o.terminal.windowInfo(record.windowId as Target).catch(() => undefined);
    if (!win) await this.#end(sessionId, 'vanished', null);
    else if (win.dead) await this.#end(sessionId, 'exited', win.exitStatus, false, signalName(win.exitSignal));
  }

  /** Marks a session ended (once), stops following it, closes its queue. Internal; used by adopt too. */
  async end(sessionId: string, reason: EndReason, code: number | null, signal: string | null = null): Promise<void> {
    await this.#end(sessionId, reason, code, true, signal);
  }

  async #end(sessionId: string, reason: EndReason, code: number | null, force = false, signal: string | null = null): Promise<void> {
    const record = this.#store.get(sessionId);
    if (!record || record.endedAt !== null) return;
    const live = this.#live.get(sessionId);
    if (live?.ending && !force) return;
    if (live) {
      live.ending = true;
      // The last turn's messages may still be unread (the feed polls): announce them before the end.
      await live.rt.transcript.check().catch(() => undefined);
      if (this.#store.get(sessionId)?.endedAt !== null) return;
    }
    this.#store.update(sessionId, { endedAt: this.#o.clock.now(), endReason: reason, exitCode: code, exitSignal: signal, status: 'exited' });
    this.#receiver.unregister(sessionId);
    if (live) {
      live.queue.close(new AegisError('SESSION_EXITED', `session ${sessionId} has ended (${reason})`, { sessionId }));
      live.rt.stop();
      this.#live.delete(sessionId);
    }
    this.events.emit({ type: 'session.ended', sessionId, data: { reason, code, signal } });
    const settingsDir = this.#o.stateDir ? join(this.#o.stateDir, 'hooks') : join(record.configDir, 'aegis-hooks');
    await this.#o.fs.rm(join(settingsDir, `${sessionId}.settings.json`)).catch(() => undefined);
    if (reason === 'exited') await this.#o.terminal.killWindow(record.windowId as Target).catch(() => undefined);
  }

  /** Stops following sessions. They keep running in tmux (re-adopted by the next start) unless `killSessions`. */
  async shutdown(o: { killSessions?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    await this.pipelines.close();
    if (o.killSessions) await Promise.all([...this.#live.keys()].map((id) => this.kill(id, 'shutdown')));
    this.#closed = true;
    for (const live of this.#live.values()) {
      live.queue.close(new AegisError('SHUT_DOWN', 'Aegis is shutting down'));
      live.rt.stop();
    }
    this.#live.clear();
    for (const p of this.#pollers.values()) p.stop();
    await this.#receiver.close();
    await this.#store.flush();
    await this.events.flush();
    this.#o.terminal.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new AegisError('SHUT_DOWN', 'the session manager was shut down');
  }
}

