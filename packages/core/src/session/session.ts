import type { SessionState, StateKind } from '@aegis/state';
import type { AnswerResult } from '../answerer.js';
import type { DeliveryResult } from '../delivery.js';
import { AegisError } from '../errors.js';
import type { EventListener } from '../event-log.js';
import type { EndReason } from '../events.js';
import { signalName } from '../exit-signal.js';
import { GATE_KINDS, handleGate } from '../gates.js';
import { hookSettingsPath } from '../launcher.js';
import { transcriptFile, type SessionRecord } from '../record.js';
import type { ReuseCandidate } from '../reuse.js';
import { SessionRuntime } from '../runtime.js';
import { AnswerSchema, SendSchema, type AnswerInput, type SendInput } from '../schemas.js';
import { sessionInfo, type SessionInfo } from '../session-info.js';
import type { Target } from '../terminal.js';
import { parseOrThrow } from '../validate.js';
import type { SessionDeps } from './deps.js';
import { SessionReads } from './reads.js';
import { restoreQueue } from './restore.js';
import {
  BashSchema,
  CommandSchema,
  runBoxCommand,
  type BashInput,
  type BoxCommandResult,
  type CommandInput,
} from '../commands.js';
import { INPUT_GRACE_MS, Outbox, type SendResult } from './send.js';

/** How often `waitFor` re-checks an idle session's queue. */
const SETTLE_CHECK_MS = 250;

/** What `waitFor` waits for: status kinds, or a predicate on the state. */
export type WaitTarget = StateKind | StateKind[] | ((s: SessionState) => boolean);

/**
 * One Claude Code session: its runtime (detector and feeds), its queue and deliveries, its answers, its reads and
 * its end. A send goes `send` → ./send.ts (durable queue, FIFO) → ../delivery.ts (the verified transaction).
 * An ended session still reads (transcript, info); everything else says SESSION_EXITED.
 */
export class Session {
  readonly read: SessionReads;
  readonly #record: SessionRecord;
  readonly #d: SessionDeps;
  readonly #rt: SessionRuntime | null;
  readonly #outbox: Outbox | null;
  #ending = false;
  /** @internal Held by a create that reuses this session while its prompt is delivered. */
  reserved = false;

  private constructor(record: SessionRecord, d: SessionDeps, follow: { announced: ReadonlySet<string> | null } | null) {
    this.#record = record;
    this.#d = d;
    if (follow) {
      const announcedEntryIds = follow.announced;
      this.#rt = new SessionRuntime(record, {
        terminal: d.terminal,
        events: d.events,
        store: d.records,
        clock: d.clock,
        ids: d.ids,
        statusPoller: d.statusPoller(record.configDir),
        transcriptPath: transcriptFile(record),
        transcriptPollMs: d.transcriptPollMs,
        permissionHoldMs: d.permissionHoldMs,
        ...(announcedEntryIds ? { announcedEntryIds } : {}),
        onScreen: () => this.#outbox?.queue.pump(),
        onState: (_rt, _from, to) => this.#onState(to),
        onGone: (_rt, reason, code, signal) => void this.#end(reason, code, false, signal),
      });
      this.#outbox = new Outbox(this.#rt, { ...d, saveQueue: (q) => d.queues.save(record.id, q) });
    } else {
      this.#rt = null;
      this.#outbox = null;
    }
    this.read = new SessionReads(record, this.#rt, d.terminal, () => this.#outbox?.queue.length ?? 0);
  }

  /** @internal Starts following a launched (or re-adopted) session: hooks, feeds, then its persisted queue. */
  static async follow(
    record: SessionRecord,
    d: SessionDeps,
    announcedEntryIds: ReadonlySet<string> | null = null,
  ): Promise<Session> {
    const s = new Session(record, d, { announced: announcedEntryIds });
    d.receiver.register(record.id, record.hookSecret, (e) => s.#rt?.onHook(e) ?? {});
    const { rt, outbox } = s.#live();
    await rt.start();
    const pending = await d.queues.load(record.id);
    if (pending.length > 0) await restoreQueue(rt, outbox.queue, pending, d.events);
    return s;
  }

  /** @internal A session that is not followed (ended, or found dead after a restart): reads, and `close`. */
  static unfollowed(record: SessionRecord, d: SessionDeps): Session {
    return new Session(record, d, null);
  }

  get id(): string {
    return this.#record.id;
  }

  info(): SessionInfo {
    return sessionInfo(this.#record, this.#rt ?? undefined, this.#outbox?.length ?? 0);
  }

  /**
   * Sends a message. Idle → delivered now as a verified transaction. Busy (working, dialog, starting) → queued
   * (FIFO), `{queued: true, id, position}`; with `wait: true` the call resolves once it was delivered.
   */
  async send(input: SendInput | string): Promise<SendResult> {
    const s = parseOrThrow(SendSchema, typeof input === 'string' ? { text: input } : input);
    return this.#live().outbox.send(s.text, s.wait === true);
  }

  /** Resolves with the delivery result of a queued message. */
  async waitForDelivery(messageId: string): Promise<DeliveryResult> {
    const p = this.#live().outbox.queue.result(messageId);
    if (!p) throw new AegisError('INVALID_INPUT', `no message ${messageId}`, { messageId });
    return p;
  }

  /** Answers the open prompt (permission, question, plan) exactly once, or interrupts / escapes. */
  async answer(input: AnswerInput): Promise<AnswerResult> {
    const a = parseOrThrow(AnswerSchema, input);
    return this.#d.answerer.answer(this.#live().rt, a);
  }

  interrupt(): Promise<AnswerResult> {
    return this.answer({ action: 'interrupt' });
  }

  /** Runs a slash command (`/compact`) in the idle session; returns the screen it left. SESSION_BUSY otherwise. */
  command(input: CommandInput): Promise<BoxCommandResult> {
    const c = parseOrThrow(CommandSchema, input);
    return runBoxCommand(this.#live().outbox, this.#d, 'slash', c.command);
  }

  /** Runs a command in Claude Code's shell mode ("!"), which bypasses permission prompts: callers gate it (admin). */
  bash(input: BashInput): Promise<BoxCommandResult> {
    const c = parseOrThrow(BashSchema, input);
    return runBoxCommand(this.#live().outbox, this.#d, 'shell', c.command);
  }

  /** This session's events; with `after`, stored ones first (see EventLog.subscribe). Returns the unsubscribe. */
  events(listener: EventListener, options: { after?: number; durable?: boolean } = {}): () => void {
    return this.#d.events.subscribe((e) => void (e.sessionId === this.id && listener(e)), options);
  }

  /**
   * Resolves once the status is one of the given kinds (or satisfies `pred`); false on timeout. Given as kinds,
   * `idle` counts only once no message is queued or being delivered: a queued message is about to make the
   * session work (e.g. right after `create` with a prompt).
   */
  async waitFor(want: WaitTarget, timeoutMs = 60_000): Promise<boolean> {
    const rt = this.#rt;
    const settled = () => (this.#outbox?.length ?? 0) === 0;
    const kinds = typeof want === 'function' ? null : Array.isArray(want) ? want : [want];
    const pred = kinds
      ? (s: SessionState) => kinds.includes(s.kind) && (s.kind !== 'idle' || settled())
      : (want as (s: SessionState) => boolean);
    if (!rt || rt.stopped) return pred({ kind: 'exited', code: null, signal: null, evidence: [] });
    if (!kinds?.includes('idle')) return rt.waitForState(pred, timeoutMs);
    // The queue draining does not change the state: look again now and then.
    const deadline = this.#d.clock.now() + timeoutMs;
    for (;;) {
      const left = deadline - this.#d.clock.now();
      if (await rt.waitForState(pred, Math.max(0, Math.min(left, SETTLE_CHECK_MS)))) return true;
      if (left <= SETTLE_CHECK_MS || rt.stopped) return false;
    }
  }

  /** Kills Claude, every process it started and the window; emits `session.ended` (`killed` unless told). */
  async end(reason: Extract<EndReason, 'killed' | 'shutdown'> = 'killed'): Promise<void> {
    this.#ending = true;
    await this.#d.terminal.killWindow(this.#record.windowId as Target).catch(() => undefined);
    await this.#end(reason, null, true);
  }

  /** @internal Marks the session ended without killing it (the window is gone or dead). */
  close(reason: EndReason, code: number | null, signal: string | null = null): Promise<void> {
    return this.#end(reason, code, true, signal);
  }

  /** @internal Stops following (shutdown: the session keeps running in tmux, the next start adopts it). */
  detach(reason: AegisError): void {
    this.#outbox?.queue.close(reason);
    this.#rt?.stop();
  }

  /** @internal What `create` needs to decide whether to reuse this session. */
  reusable(): ReuseCandidate {
    return {
      record: this.#record,
      status: this.#rt?.state.kind ?? 'exited',
      busy: (this.#outbox?.length ?? 0) > 0,
      reserved: this.reserved,
    };
  }

  /** @internal Queues a create's first prompt (delivered once the session is really idle). */
  enqueue(text: string): { id: string; position: number; done: Promise<DeliveryResult> } {
    return this.#live().outbox.enqueue(text);
  }

  #live(): { rt: SessionRuntime; outbox: Outbox } {
    if (!this.#rt || !this.#outbox || this.#rt.stopped)
      throw new AegisError('SESSION_EXITED', `session ${this.id} has ended`, { sessionId: this.id });
    return { rt: this.#rt, outbox: this.#outbox };
  }

  #onState(to: SessionState): void {
    const rt = this.#rt;
    const outbox = this.#outbox;
    if (!rt || !outbox || rt.stopped) return;
    if (GATE_KINDS.has(to.kind)) void handleGate(rt, this.#d.answerer, this.#d.events);
    // A SessionEnd hook or exit screen comes before the pane dies: the code comes with the death (pushed by tmux)
    if (to.kind === 'exited') this.#d.clock.setTimeout(() => void this.#endIfDead(), 5000);
    // idle can come before the input box is drawn: the queue waits for the box, or for the grace period
    if (to.kind === 'idle') this.#d.clock.setTimeout(() => outbox.queue.pump(), INPUT_GRACE_MS);
    outbox.queue.pump();
  }

  /** Fallback when tmux did not push the pane's death: ends the session if its pane is dead or gone. */
  async #endIfDead(): Promise<void> {
    if (this.#record.endedAt !== null) return;
    const win = await this.#d.terminal.windowInfo(this.#record.windowId as Target).catch(() => undefined);
    if (!win) await this.#end('vanished', null);
    else if (win.dead) await this.#end('exited', win.exitStatus, false, signalName(win.exitSignal));
  }

  /** Marks the session ended (once), stops following it, closes its queue, removes its hook settings. */
  async #end(reason: EndReason, code: number | null, force = false, signal: string | null = null): Promise<void> {
    const r = this.#record;
    const d = this.#d;
    if (r.endedAt !== null || (this.#ending && !force)) return;
    if (this.#rt) {
      this.#ending = true;
      // The last turn's messages may still be unread (the feed polls): announce them before the end.
      await this.#rt.transcript.check().catch(() => undefined);
      if (r.endedAt !== null) return;
    }
    void d.records.update(r.id, {
      endedAt: d.clock.now(),
      endReason: reason,
      exitCode: code,
      exitSignal: signal,
      status: 'exited',
    });
    d.receiver.unregister(r.id);
    if (this.#rt) {
      this.detach(new AegisError('SESSION_EXITED', `session ${r.id} has ended (${reason})`, { sessionId: r.id }));
      d.onEnded(r.id);
    }
    const worktree = await d.worktreeSummary?.(r).catch(() => null);
    d.events.emit({
      type: 'session.ended',
      sessionId: r.id,
      data: { reason, code, signal, ...(worktree ? { worktree } : {}) },
    });
    await d.fs.rm(hookSettingsPath(d.stateDir, r.configDir, r.id)).catch(() => undefined);
    if (reason === 'exited') await d.terminal.killWindow(r.windowId as Target).catch(() => undefined);
  }
}
