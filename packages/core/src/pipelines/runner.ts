import type { NewEvent } from '../events.js';
import type { Clock } from '../io.js';
import type { DoneChecker } from './done-check.js';
import { FINAL_STAGE, type PipelineInfo, type PipelineStatus, type StageRecord, type StageStatus } from './record.js';
import type { StageSpec } from './schema.js';
import type { Observation, StageDriver } from './driver.js';
import { stageValues, worktreeLaunch } from './stage-inputs.js';
import { renderPrompt } from './template.js';

export type { Observation, StageDriver, StageLaunch } from './driver.js';

/** `<first 8 of the pipeline id>-<attempt>-<stage>`, at most 64 characters (a valid session name). */
export function stageSessionName(pipelineId: string, stage: string, attempt: number): string {
  return `${pipelineId.slice(0, 8)}-${attempt}-${stage}`.slice(0, 64);
}

export interface RunnerDeps {
  driver: StageDriver;
  check: DoneChecker;
  clock: Clock;
  /** Stages running at once when the spec names no `concurrency`. */
  concurrency: number;
  save(p: PipelineInfo): void;
  emit(e: NewEvent): void;
}

const ACTIVE: ReadonlySet<StageStatus> = new Set(['starting', 'running', 'checking']);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Schedules one pipeline's stages. All changes run one at a time (a promise chain); `tick()` observes running
 * stages and starts ready ones, launches and checks run beside it and apply their results through the chain.
 */
export class PipelineRunner {
  readonly info: PipelineInfo;
  readonly #d: RunnerDeps;
  readonly #specs: Map<string, StageSpec>;
  readonly #inFlight = new Set<Promise<unknown>>();
  #chain: Promise<void> = Promise.resolve();
  #keepOnCancel = false;

  constructor(info: PipelineInfo, deps: RunnerDeps) {
    this.info = info;
    this.#d = deps;
    this.#specs = new Map(info.spec.stages.map((s) => [s.name, s]));
  }

  get finished(): boolean {
    return this.info.status !== 'running';
  }

  /** One step: time out, observe and check running stages, start ready ones, finish the pipeline when it is decided. */
  tick(): Promise<void> {
    return this.#serial(() => this.#tick());
  }

  /** Ends the pipeline: stages not finished are `cancelled`, their sessions killed (or only interrupted with `keepSessions`). */
  cancel(o: { keepSessions?: boolean; reason?: string } = {}): Promise<void> {
    return this.#serial(async () => {
      if (this.finished) return;
      this.#keepOnCancel = o.keepSessions ?? this.info.spec.keepSessions ?? false;
      await this.#finish('cancelled', o.reason ?? 'cancelled');
    });
  }

  /**
   * After a restart: a stage caught launching follows the session it launched when one by its name is alive, else
   * starts that attempt again; one caught checking is checked again once its turn is seen ended; running stages keep
   * following their sessions.
   */
  async resume(): Promise<void> {
    for (const s of this.info.stages) {
      if (s.status === 'starting') {
        const sid = await this.#d.driver.find(stageSessionName(this.info.id, s.name, s.attempt)).catch(() => null);
        if (sid) {
          s.sessionId = sid;
          s.sessionIds.push(sid);
          this.#move(s, 'running', 'Aegis restarted while the session was launching: following it');
        } else {
          s.attempt -= 1;
          this.#move(s, s.attempt === 0 ? 'pending' : 'retrying', 'Aegis restarted while the session was launching');
        }
      } else if (s.status === 'checking') {
        this.#move(s, 'running', 'Aegis restarted during the check: checking again');
      }
    }
  }

  /** Resolves once every launch and check in flight has been applied (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    await this.#chain;
  }

  #serial(fn: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(fn);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  #track(p: Promise<unknown>): void {
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
  }

  #spec(s: StageRecord): StageSpec {
    return this.#specs.get(s.name)!;
  }

  async #tick(): Promise<void> {
    if (this.finished) return;
    const now = this.#d.clock.now();
    for (const s of this.info.stages) {
      if (!ACTIVE.has(s.status)) continue;
      const spec = this.#spec(s);
      if (now - (s.attemptStartedAt ?? now) >= spec.timeoutMs) {
        await this.#failAttempt(s, `timed out after ${spec.timeoutMs} ms (${s.status})`);
        continue;
      }
      if (s.status !== 'running' || !s.sessionId) continue;
      const obs = await this.#d.driver
        .observe(s.sessionId)
        .catch((e: unknown): Observation => ({ kind: 'failed', reason: message(e) }));
      if (obs.kind === 'failed') await this.#failAttempt(s, obs.reason);
      else if (obs.kind === 'turn_ended') await this.#turnEnded(s, obs.lastMessage);
    }
    await this.#settle();
  }

  async #turnEnded(s: StageRecord, lastMessage: string): Promise<void> {
    s.lastMessage = lastMessage;
    const check = this.#spec(s).doneWhen;
    if (!check) return this.#succeed(s, 'turn ended');
    this.#move(s, 'checking', 'turn ended; checking doneWhen');
    const attempt = s.attempt;
    const workDir =
      (this.#isolated(s) && (await this.#d.driver.workDirOf?.(s.sessionId!).catch(() => undefined))) ||
      this.#spec(s).workDir!;
    const p = this.#d.check(check, { workDir, lastMessage }).then(
      (r) => ({ ok: r.ok, reason: r.reason }),
      (e: unknown) => ({ ok: false, reason: message(e) }),
    );
    this.#track(
      p.then((r) =>
        this.#serial(async () => {
          if (this.finished || s.status !== 'checking' || s.attempt !== attempt) return;
          if (r.ok) await this.#succeed(s, `doneWhen: ${r.reason}`);
          else await this.#failAttempt(s, `doneWhen failed: ${r.reason}`);
          await this.#settle();
        }),
      ),
    );
  }

  async #succeed(s: StageRecord, reason: string): Promise<void> {
    if (this.#isolated(s) && s.sessionId && this.#d.driver.landWorktree) {
      const mergeInto = this.#spec(s).mergeInto;
      const r = await this.#d.driver
        .landWorktree(s.sessionId, { stage: s.name, ...(mergeInto ? { mergeInto } : {}) })
        .catch((e: unknown) => message(e));
      if (typeof r === 'string') return this.#failAttempt(s, `worktree: ${r}`);
      s.worktree = r;
    }
    s.finishedAt = this.#d.clock.now();
    this.#move(s, 'succeeded', reason);
    if (s.sessionId && !this.info.spec.keepSessions) await this.#stop(s.sessionId, false);
  }

  async #failAttempt(s: StageRecord, reason: string): Promise<void> {
    const sid = s.sessionId;
    if (sid && !this.info.spec.keepSessions) await this.#stop(sid, false);
    if (s.attempt <= this.#spec(s).retries) {
      this.#move(s, 'retrying', reason);
      s.sessionId = null;
    } else {
      s.finishedAt = this.#d.clock.now();
      this.#move(s, 'failed', reason);
    }
  }

  /** Finishes the pipeline when a stage failed or all succeeded; else starts what is ready. */
  async #settle(): Promise<void> {
    if (this.finished) return;
    const failed = this.info.stages.find((s) => s.status === 'failed');
    if (failed) return this.#finish('failed', `stage ${failed.name} failed: ${failed.reason ?? ''}`.trim());
    if (this.info.stages.every((s) => s.status === 'succeeded')) return this.#finish('succeeded', null);
    const byName = new Map(this.info.stages.map((s) => [s.name, s]));
    let slots =
      (this.info.spec.concurrency ?? this.#d.concurrency) - this.info.stages.filter((s) => ACTIVE.has(s.status)).length;
    for (const s of this.info.stages) {
      if (slots <= 0) break;
      const ready =
        s.status === 'retrying' ||
        (s.status === 'pending' && this.#spec(s).dependsOn.every((d) => byName.get(d)?.status === 'succeeded'));
      if (!ready) continue;
      this.#launch(s);
      slots--;
    }
  }

  #isolated(s: StageRecord): boolean {
    return this.#spec(s).isolation === 'worktree';
  }

  #launch(s: StageRecord): void {
    const spec = this.#spec(s);
    const attempt = ++s.attempt;
    const now = this.#d.clock.now();
    s.startedAt ??= now;
    s.attemptStartedAt = now;
    s.sessionId = null;
    s.lastMessage = null;
    const values = stageValues(this.info, (x) => this.#spec(x));
    s.prompt = renderPrompt(spec.prompt, values);
    this.#move(s, 'starting', attempt > 1 ? `attempt ${attempt} of ${spec.retries + 1}` : null);
    const launch = this.#d.driver.start({
      pipelineId: this.info.id,
      stage: s.name,
      attempt,
      workDir: spec.workDir!,
      prompt: s.prompt,
      sessionName: stageSessionName(this.info.id, s.name, attempt),
      ...(spec.permissionMode ? { permissionMode: spec.permissionMode } : {}),
      ...(spec.model ? { model: spec.model } : {}),
      ...(this.info.spec.owner ? { owner: this.info.spec.owner } : {}),
      ...worktreeLaunch(this.info, spec, (t) => renderPrompt(t, values)),
    });
    const current = () => !this.finished && s.status === 'starting' && s.attempt === attempt;
    this.#track(
      launch.then(
        (sid) =>
          this.#serial(async () => {
            if (current()) {
              s.sessionId = sid;
              s.sessionIds.push(sid);
              this.#move(s, 'running', null);
              return;
            }
            // launched too late (timed out or cancelled meanwhile)
            const keep = this.info.status === 'cancelled' && this.#keepOnCancel;
            if (keep) s.sessionIds.push(sid);
            await this.#stop(sid, keep);
          }),
        (e: unknown) =>
          this.#serial(async () => {
            if (!current()) return;
            await this.#failAttempt(s, `launch failed: ${message(e)}`);
            await this.#settle();
          }),
      ),
    );
  }

  async #finish(status: Exclude<PipelineStatus, 'running'>, reason: string | null): Promise<void> {
    const keep = status === 'cancelled' ? this.#keepOnCancel : (this.info.spec.keepSessions ?? false);
    const stops: Promise<void>[] = [];
    for (const s of this.info.stages) {
      if (FINAL_STAGE.has(s.status)) continue;
      if (s.sessionId && ACTIVE.has(s.status)) stops.push(this.#stop(s.sessionId, keep));
      s.finishedAt = this.#d.clock.now();
      this.#move(
        s,
        'cancelled',
        status === 'cancelled' ? (reason ?? 'cancelled') : `pipeline ${status}${reason ? `: ${reason}` : ''}`,
      );
    }
    await Promise.all(stops);
    const now = this.#d.clock.now();
    Object.assign(this.info, { status, reason, finishedAt: now, updatedAt: now });
    this.#d.save(this.info);
    this.#d.emit({
      type: 'pipeline.finished',
      sessionId: this.info.id,
      data: { pipelineId: this.info.id, name: this.info.name, status, reason },
    });
  }

  async #stop(sessionId: string, keep: boolean): Promise<void> {
    await this.#d.driver.stop(sessionId, { keep }).catch(() => undefined);
  }

  #move(s: StageRecord, to: StageStatus, reason: string | null): void {
    const from = s.status;
    s.status = to;
    s.reason = reason;
    this.info.updatedAt = this.#d.clock.now();
    this.#d.save(this.info);
    this.#d.emit({
      type: 'pipeline.stage',
      sessionId: s.sessionId ?? this.info.id,
      data: { pipelineId: this.info.id, stage: s.name, from, to, attempt: s.attempt, sessionId: s.sessionId, reason },
    });
  }
}
