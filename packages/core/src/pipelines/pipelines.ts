import { AegisError, PipelineNotFoundError } from '../errors.js';
import type { NewEvent } from '../events.js';
import type { Clock, FileSystem, IdGenerator, TimerHandle } from '../io.js';
import type { DoneChecker } from './done-check.js';
import { newStage, type PipelineInfo } from './record.js';
import { PipelineRunner, type StageDriver } from './runner.js';
import type { Sessions } from './sessions.js';
import { parsePipelineSpec, type PipelineSpecInput } from './schema.js';
import type { PipelineStore } from '../storage/types.js';
import { resolveWorkDir } from '../workdir-policy.js';

export interface PipelinesOptions {
  /** Stages running at once per pipeline when its spec names none. Default 4. */
  concurrency?: number;
  /** How often running stages are observed. Default 1000 ms. */
  pollMs?: number;
  /**
   * Leave stored pipelines alone at start: the caller opens them (`manager.pipelines.open()`) when this process is
   * to run them — a fleet's scheduler, once it holds the leadership. Default false.
   */
  deferOpen?: boolean;
  /** Where stages run. Default: this manager's own sessions (a fleet passes sessions placed over its nodes). */
  sessions?: (local: Sessions) => Sessions;
}

export interface PipelinesDeps {
  driver: StageDriver;
  check: DoneChecker;
  /** Where pipelines are kept; null: memory only. */
  store: PipelineStore | null;
  fs: FileSystem;
  clock: Clock;
  ids: IdGenerator;
  emit(e: NewEvent): void;
  options?: PipelinesOptions;
  /** Folders every stage's workDir must lie in (see `resolveWorkDir`). Default: none. */
  workDirRoots?: readonly string[];
}

/**
 * Multi-session workflows: stages with dependencies run as sessions (independent ones in parallel), each done when
 * its turn ended and its `doneWhen` check passed, retried in a fresh session, cancellable, and stored durably
 * (`<stateDir>/pipelines/<id>.json`) so a restart resumes them.
 */
export class Pipelines {
  readonly #d: PipelinesDeps;
  #saves: Promise<void> = Promise.resolve();
  readonly #runners = new Map<string, PipelineRunner>();
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #waiters = new Set<() => void>();
  #timer: TimerHandle | null = null;
  #ticking: Promise<void> | null = null;
  #closed = false;

  constructor(deps: PipelinesDeps) {
    this.#d = deps;
    this.#concurrency = deps.options?.concurrency ?? 4;
    this.#pollMs = deps.options?.pollMs ?? 1000;
  }

  /**
   * Loads stored pipelines and resumes the unfinished ones. After `close()` it starts over from the store (a fleet
   * node that lost the scheduler's lock and won it back: another node ran the pipelines meanwhile).
   */
  async open(): Promise<void> {
    this.#closed = false;
    this.#runners.clear();
    const { pipelines } = (await this.#d.store?.load()) ?? { pipelines: [] };
    for (const p of pipelines) {
      const r = this.#runner(p);
      if (!r.finished) await r.resume();
    }
    this.#schedule(0);
  }

  /** Validates the spec (a DAG; every workDir an existing folder), stores the pipeline and starts its ready stages. */
  async create(input: PipelineSpecInput): Promise<PipelineInfo> {
    if (this.#closed) throw new AegisError('SHUT_DOWN', 'pipelines were shut down');
    const spec = parsePipelineSpec(input);
    for (const s of spec.stages) s.workDir = await this.#realDir(s.workDir ?? spec.workDir!);
    if (spec.workDir) spec.workDir = await this.#realDir(spec.workDir);
    const now = this.#d.clock.now();
    const info: PipelineInfo = {
      version: 1,
      id: this.#d.ids.uuid(),
      name: spec.name,
      spec,
      status: 'running',
      reason: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      stages: spec.stages.map((s) => newStage(s.name)),
    };
    const r = this.#runner(info);
    this.#save(info);
    this.#d.emit({
      type: 'pipeline.created',
      sessionId: info.id,
      data: { pipelineId: info.id, name: info.name, stages: info.stages.map((s) => s.name) },
    });
    await r.tick();
    return this.get(info.id);
  }

  get(id: string): PipelineInfo {
    const r = this.#runners.get(id);
    if (!r) throw new PipelineNotFoundError(id);
    return structuredClone(r.info);
  }

  /** Every pipeline, newest first. */
  list(): PipelineInfo[] {
    return [...this.#runners.values()].map((r) => structuredClone(r.info)).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Cancels a running pipeline (no-op on a finished one): its sessions are killed, or only interrupted with `keepSessions`. */
  async cancel(id: string, o: { keepSessions?: boolean } = {}): Promise<PipelineInfo> {
    const r = this.#runners.get(id);
    if (!r) throw new PipelineNotFoundError(id);
    await r.cancel(o);
    return this.get(id);
  }

  /** Resolves with the pipeline once it finished, or as it is after `timeoutMs`. */
  waitForEnd(id: string, timeoutMs = 30 * 60_000): Promise<PipelineInfo> {
    const r = this.#runners.get(id);
    if (!r) return Promise.reject(new PipelineNotFoundError(id));
    if (r.finished) return Promise.resolve(this.get(id));
    return new Promise((resolve) => {
      const timer = this.#d.clock.setTimeout(() => finish(), timeoutMs);
      const finish = () => {
        this.#d.clock.clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(this.get(id));
      };
      const check = () => {
        if (r.finished) finish();
      };
      this.#waiters.add(check);
    });
  }
  /** Runs one scheduling step of every unfinished pipeline now (also what the poll timer does). */
  async tick(): Promise<void> {
    await Promise.all(
      [...this.#runners.values()].filter((r) => !r.finished).map((r) => r.tick().catch(() => undefined)),
    );
    for (const w of [...this.#waiters]) w();
  }

  /** Stops scheduling; running stages' sessions are left as they are (the next start resumes the pipelines). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) this.#d.clock.clearTimeout(this.#timer);
    await this.#ticking;
    await Promise.all([...this.#runners.values()].map((r) => r.settled()));
    await this.#saves;
  }

  /** Stores a pipeline's newest state; a failed write is retried by the next save. */
  #save(p: PipelineInfo): void {
    const store = this.#d.store;
    if (!store) return;
    const written = store.save(p).catch(() => undefined);
    this.#saves = Promise.all([this.#saves, written]).then(() => undefined);
  }

  #runner(info: PipelineInfo): PipelineRunner {
    const r = new PipelineRunner(info, {
      driver: this.#d.driver,
      check: this.#d.check,
      clock: this.#d.clock,
      concurrency: this.#concurrency,
      save: (p) => this.#save(p),
      emit: (e) => {
        this.#d.emit(e);
        if (e.type === 'pipeline.finished') queueMicrotask(() => this.#waiters.forEach((w) => w()));
      },
    });
    this.#runners.set(info.id, r);
    return r;
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    this.#timer = this.#d.clock.setTimeout(() => {
      this.#ticking = this.tick().finally(() => {
        this.#ticking = null;
        this.#schedule(this.#pollMs);
      });
    }, ms);
  }

  #realDir(path: string): Promise<string> {
    return resolveWorkDir(this.#d.fs, this.#d.workDirRoots ?? [], path);
  }
}
