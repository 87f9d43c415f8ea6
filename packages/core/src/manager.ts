import type { Page, PageQuery, TranscriptSummary } from '@aegis/transcript';
import { adoptAll } from './adopt.js';
import { Answerer, type AnswerResult } from './answerer.js';
import { createBatch, type BatchItemResult } from './batch.js';
import { parseCreate, type CreateParsed, type CreateResult } from './create.js';
import type { DeliveryResult } from './delivery.js';
import { AegisError, SessionNotFoundError } from './errors.js';
import { EventLog } from './event-log.js';
import { HookReceiver } from './hook-receiver.js';
import { launchSession } from './launch-session.js';
import { resolveOptions, type ResolvedOptions, type SessionManagerOptions } from './manager-options.js';
import type { Pipelines } from './pipelines/pipelines.js';
import { sessionPipelines } from './pipelines/session-driver.js';
import type { SessionRecord } from './record.js';
import { Retention } from './retention.js';
import { pickReusable } from './reuse.js';
import type { AnswerInput, CreateSessionInput, SendInput } from './schemas.js';
import { sessionDeps } from './session/manager-deps.js';
import type { SendResult } from './session/send.js';
import { Session, type WaitTarget } from './session/session.js';
import type { Health, SessionInfo } from './session-info.js';
import { checkStateDir } from './state-dir.js';
import { SessionRecords } from './storage/session-records.js';
import type { Terminal } from './terminal.js';
import type { BashInput, BoxCommandResult, CommandInput } from './commands.js';
import type { WorktreeInfo } from './worktree/create.js';
import { worktreeRequest } from './worktree/request.js';
import { SessionWorktrees } from './worktree/service.js';

export type { CreateResult, SendResult };

/**
 * Sessions of the real Claude Code in tmux, by id: create (clean start, gates answered; or reuse an idle one),
 * re-adopt after a restart, list, shut down. Each session is a {@link Session} (`session(id)`); the per-id
 * methods below are shorthands for it.
 */
export class SessionManager {
  readonly events: EventLog;
  /** Multi-session workflows over this manager's sessions. */
  readonly pipelines: Pipelines;
  /** Git worktrees of `isolation: "worktree"` sessions: diff, commit, merge, remove, prune. */
  readonly worktrees: SessionWorktrees;
  /** Prunes old events and ended sessions' records (`retention` option); `retention.last` says what went. */
  readonly retention: Retention;
  readonly #o: ResolvedOptions;
  readonly #records: SessionRecords;
  readonly #receiver = new HookReceiver();
  readonly #deps: ReturnType<typeof sessionDeps>;
  readonly #sessions = new Map<string, Session>();
  readonly #versions = new Map<string, Promise<string | null>>();
  #closed = false;

  private constructor(o: ResolvedOptions) {
    this.#o = o;
    this.events = new EventLog({ dir: null, ...(o.storage ? { store: o.storage.events } : {}), clock: o.clock });
    this.#records = new SessionRecords(o.storage?.sessions ?? null);
    const answerer = new Answerer(o.terminal, this.events, o.clock);
    this.worktrees = new SessionWorktrees({
      git: o.git,
      fs: o.fs,
      clock: o.clock,
      ids: o.ids,
      root: o.worktreeRoot,
      records: this.#records,
    });
    const onEnded = (id: string) => void this.#sessions.delete(id);
    const worktreeSummary = (r: SessionRecord) => this.worktrees.summary(r);
    this.#deps = sessionDeps(o, {
      events: this.events,
      records: this.#records,
      receiver: this.#receiver,
      answerer,
      onEnded,
      worktreeSummary,
    });
    this.pipelines = sessionPipelines(o.pipelines.sessions ? o.pipelines.sessions(this) : this, o, this.events);
    const live = (id: string) => this.#sessions.has(id);
    const queues = o.storage?.queues ?? null;
    this.retention = new Retention(
      { clock: o.clock, events: this.events, records: this.#records, queues, live },
      o.retention,
    );
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
    await this.#records.load();
    const port = await this.#receiver.listen(this.#o.hookPort ?? this.#records.hookPort ?? 0);
    if (port !== this.#records.hookPort) this.#records.setHookPort(port);
    await adoptAll(this.#records.all(), {
      terminal: this.#o.terminal,
      events: this.events,
      follow: (r, announced) => this.#follow(r, announced).then(() => undefined),
      end: (r, reason, code, signal) => Session.unfollowed(r, this.#deps).close(reason, code, signal),
    });
    if (!this.#o.pipelines.deferOpen) await this.pipelines.open();
    this.retention.start();
  }

  /** Starts a session, or reuses an idle one in the same folder (same owner, mode, model, env) unless `reuse: false`. */
  async create(input: CreateSessionInput): Promise<CreateResult> {
    if (this.#closed) throw new AegisError('SHUT_DOWN', 'the session manager was shut down');
    const { c, workDir } = await parseCreate(input, this.#o.fs, this.#o.workDirRoots);
    const live = [...this.#sessions.values()];
    if (c.resumeSessionId) {
      const running = live.find((s) => s.reusable().record.claudeSessionId === c.resumeSessionId);
      if (running)
        throw new AegisError(
          'INVALID_INPUT',
          `Claude session ${c.resumeSessionId} is still running in session ${running.id}`,
          { sessionId: running.id },
        );
    }
    // kept across resume: a resumed Claude session gets the mode it had, unless the caller names one
    const resumed = c.resumeSessionId
      ? this.#records.all().find((r) => r.claudeSessionId === c.resumeSessionId)
      : undefined;
    const permissionMode = c.permissionMode ?? resumed?.permissionMode ?? this.#o.defaultPermissionMode;
    const owner = c.owner ?? null;
    const wt = worktreeRequest(c, workDir, this.#o.ids); // a fresh worktree and branch: never reused
    if (wt) return this.worktrees.around(wt, (w) => this.#launch(c, w.path, permissionMode, owner, w));
    const request = {
      workDir,
      owner,
      permissionMode,
      model: c.model,
      env: c.env,
      resumeSessionId: c.resumeSessionId,
      reuse: c.reuse,
    };
    const reusable = pickReusable(
      live.map((s) => s.reusable()),
      request,
    );
    if (reusable) return this.#reuse(this.#sessions.get(reusable.id)!, c.prompt);
    return this.#launch(c, workDir, permissionMode, owner);
  }

  async #launch(
    c: CreateParsed,
    workDir: string,
    permissionMode: SessionRecord['permissionMode'],
    owner: string | null,
    worktree?: WorktreeInfo,
  ): Promise<CreateResult> {
    const record = await launchSession(
      { o: this.#o, receiver: this.#receiver, versions: this.#versions },
      c,
      workDir,
      permissionMode,
      owner,
    );
    if (worktree) record.worktree = worktree;
    void this.#records.put(record);
    const session = await this.#follow(record);
    const { id, name } = record;
    this.events.emit({
      type: 'session.created',
      sessionId: id,
      data: { workDir, name, permissionMode, reused: false, resumed: c.resumeSessionId !== undefined },
    });
    const prompt = c.prompt ? session.enqueue(c.prompt) : null;
    return {
      session: session.info(),
      reused: false,
      prompt: prompt ? { id: prompt.id, position: prompt.position } : null,
    };
  }

  async #reuse(session: Session, text: string | undefined): Promise<CreateResult> {
    session.reserved = true;
    try {
      const prompt = text ? session.enqueue(text) : null;
      const { workDir, name, permissionMode } = session.info();
      this.events.emit({
        type: 'session.created',
        sessionId: session.id,
        data: { workDir, name, permissionMode, reused: true, resumed: false },
      });
      if (prompt) await prompt.done.catch(() => undefined);
      return {
        session: session.info(),
        reused: true,
        prompt: prompt ? { id: prompt.id, position: prompt.position } : null,
      };
    } finally {
      session.reserved = false;
    }
  }

  async #follow(record: SessionRecord, announced: ReadonlySet<string> | null = null): Promise<Session> {
    const session = await Session.follow(record, this.#deps, announced);
    this.#sessions.set(record.id, session);
    return session;
  }

  /** The session with this id (an ended one still reads); SESSION_NOT_FOUND when there is none. */
  session(sessionId: string): Session {
    const live = this.#sessions.get(sessionId);
    if (live) return live;
    const record = this.#records.get(sessionId);
    if (!record) throw new SessionNotFoundError(sessionId);
    return Session.unfollowed(record, this.#deps);
  }

  get = (id: string): SessionInfo => this.session(id).info();
  list = (): SessionInfo[] => this.#records.all().map((r) => this.get(r.id));
  /** Creates up to 50 sessions; per-item results, partial failure reported (never thrown). */
  createBatch = (inputs: readonly CreateSessionInput[]): Promise<BatchItemResult[]> =>
    createBatch((input) => this.create(input), inputs);

  send = async (id: string, input: SendInput | string): Promise<SendResult> => this.session(id).send(input);
  waitForDelivery = async (id: string, messageId: string): Promise<DeliveryResult> =>
    this.session(id).waitForDelivery(messageId);
  answer = async (id: string, input: AnswerInput): Promise<AnswerResult> => this.session(id).answer(input);
  approve = (id: string, o: { always?: boolean; promptId?: string } = {}) =>
    this.answer(id, { action: 'approve', ...o });
  reject = (id: string, o: { message?: string; promptId?: string } = {}) => this.answer(id, { action: 'reject', ...o });
  interrupt = (id: string): Promise<AnswerResult> => this.answer(id, { action: 'interrupt' });
  command = async (id: string, input: CommandInput): Promise<BoxCommandResult> => this.session(id).command(input);
  bash = async (id: string, input: BashInput): Promise<BoxCommandResult> => this.session(id).bash(input);
  waitFor = async (id: string, want: WaitTarget, timeoutMs?: number): Promise<boolean> =>
    this.session(id).waitFor(want, timeoutMs);
  transcript = async (id: string, query: PageQuery = {}): Promise<Page> => this.session(id).read.transcript(query);
  summary = async (id: string): Promise<TranscriptSummary> => this.session(id).read.summary();
  pane = async (id: string): Promise<string> => this.session(id).read.pane();
  health = async (id: string): Promise<Health> => this.session(id).read.health();
  /** Kills Claude, every process it started and the window; emits `session.ended` (reason `killed`). */
  kill = async (id: string, reason: 'killed' | 'shutdown' = 'killed'): Promise<void> => this.session(id).end(reason);

  /** Can state be written? `error` says why not (disk full, read-only); sends are refused meanwhile. */
  storage(): { ok: boolean; error: string | null } {
    const e = this.#records.writeError ?? this.events.writeError;
    return { ok: e === null, error: e ? e.message : null };
  }

  /** Stops following sessions. They keep running in tmux (re-adopted by the next start) unless `killSessions`. */
  async shutdown(o: { killSessions?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    await this.pipelines.close();
    if (o.killSessions) await Promise.all([...this.#sessions.values()].map((s) => s.end('shutdown')));
    this.#closed = true;
    this.retention.stop();
    for (const s of this.#sessions.values()) s.detach(new AegisError('SHUT_DOWN', 'Aegis is shutting down'));
    this.#sessions.clear();
    this.#deps.stopPollers();
    await this.#receiver.close();
    await this.#deps.persisted();
    await this.events.flush();
    this.events.stop();
    this.#records.stop();
    this.#o.terminal.close();
  }
}
