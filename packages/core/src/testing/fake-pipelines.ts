// Helpers for the pipeline tests (not exported from index.ts).
import type { NewEvent } from '../events.js';
import type { Clock, FileSystem } from '../io.js';
import type { CheckResult, DoneChecker } from '../pipelines/done-check.js';
import { Pipelines, type PipelinesOptions } from '../pipelines/pipelines.js';
import { FilePipelineStore } from '../storage/file-pipeline-store.js';
import type { Observation, StageDriver, StageLaunch } from '../pipelines/runner.js';

/** A clock whose time only moves when the test says so; timers never fire (tests call `tick()`). */
export class ManualClock implements Clock {
  t = 1_000_000;
  now = () => this.t;
  setTimeout = () => ({});
  clearTimeout = () => undefined;
}

export interface FakeSession {
  id: string;
  launch: StageLaunch;
  obs: Observation;
  stopped: 'killed' | 'interrupted' | null;
}

/** Sessions that do what the test sets: `finish(stage, text)`, `fail(stage, reason)`. */
export class FakeDriver implements StageDriver {
  readonly sessions: FakeSession[] = [];
  readonly log: string[] = [];
  /** Launches that fail, by stage name. */
  readonly launchErrors = new Map<string, string>();
  /** When set, launches wait for `releaseLaunches()`. */
  hold = false;
  #held: (() => void)[] = [];
  #n = 0;

  async start(launch: StageLaunch): Promise<string> {
    this.log.push(`start ${launch.stage}#${launch.attempt}`);
    if (this.hold) await new Promise<void>((r) => this.#held.push(r));
    const err = this.launchErrors.get(launch.stage);
    if (err) throw new Error(err);
    const id = `s${++this.#n}`;
    this.sessions.push({ id, launch, obs: { kind: 'working' }, stopped: null });
    return id;
  }
  releaseLaunches(): void {
    for (const r of this.#held.splice(0)) r();
  }
  async observe(id: string): Promise<Observation> {
    const s = this.sessions.find((x) => x.id === id)!;
    return s.stopped === 'killed' ? { kind: 'failed', reason: 'session ended (killed)' } : s.obs;
  }
  async stop(id: string, o: { keep: boolean }): Promise<void> {
    this.log.push(`${o.keep ? 'interrupt' : 'kill'} ${id}`);
    this.sessions.find((x) => x.id === id)!.stopped = o.keep ? 'interrupted' : 'killed';
  }
  async find(name: string): Promise<string | null> {
    return this.sessions.find((s) => s.launch.sessionName === name && s.stopped === null)?.id ?? null;
  }
  /** The newest session of a stage. */
  of(stage: string): FakeSession {
    const s = this.sessions.filter((x) => x.launch.stage === stage).at(-1);
    if (!s) throw new Error(`no session for ${stage}`);
    return s;
  }
  finish(stage: string, lastMessage = `${stage} done`): void {
    this.of(stage).obs = { kind: 'turn_ended', lastMessage };
  }
  fail(stage: string, reason = 'API error: boom'): void {
    this.of(stage).obs = { kind: 'failed', reason };
  }
  live(): string[] {
    return this.sessions.filter((s) => s.stopped === null).map((s) => s.launch.stage);
  }
}

/** A checker answering from a list (default: pass). */
export function fakeChecker(results: CheckResult[] = []): DoneChecker & { calls: number } {
  const f = Object.assign(async () => (f.calls++, results.shift() ?? { ok: true, reason: 'ok' }), { calls: 0 });
  return f;
}

/** A FileSystem for the pipelines: realpath/stat accept every path; files live in a map. */
export function memoryFs(files = new Map<string, string>()): FileSystem & { files: Map<string, string> } {
  return {
    files,
    readFile: async (p) => {
      const v = files.get(p);
      if (v === undefined) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
      return v;
    },
    writeFileAtomic: async (p, d) => void files.set(p, d),
    appendFile: async (p, d) => void files.set(p, (files.get(p) ?? '') + d),
    mkdir: async () => undefined,
    readdir: async (dir) =>
      [...files.keys()].filter((k) => k.startsWith(dir + '/')).map((k) => k.slice(dir.length + 1)),
    realpath: async (p) => {
      if (p.startsWith('/missing')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return p;
    },
    stat: async () => ({ isDirectory: true, mtimeMs: 0, size: 0 }),
    rm: async (p) => void files.delete(p),
  };
}

export function fakePipelines(
  o: {
    driver?: FakeDriver;
    check?: DoneChecker;
    fs?: FileSystem;
    clock?: ManualClock;
    options?: PipelinesOptions;
    stateDir?: string | null;
  } = {},
) {
  const driver = o.driver ?? new FakeDriver();
  const clock = o.clock ?? new ManualClock();
  const fs = o.fs ?? memoryFs();
  const events: NewEvent[] = [];
  let n = 0;
  const pipelines = new Pipelines({
    driver,
    check: o.check ?? fakeChecker(),
    store: o.stateDir === null ? null : new FilePipelineStore(o.stateDir ?? '/state', fs),
    fs,
    clock,
    ids: { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, secret: () => 'x' },
    emit: (e) => void events.push(e),
    ...(o.options ? { options: o.options } : {}),
  });
  /** `stage:from>to` of every stage event so far. */
  const moves = () =>
    events.flatMap((e) => (e.type === 'pipeline.stage' ? [`${e.data.stage}:${e.data.from}>${e.data.to}`] : []));
  return { pipelines, driver, clock, events, moves };
}

/** Lets launches and checks in flight apply their results. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** A stage spec: `do <name>`, after `dependsOn`. */
export const stage = (name: string, dependsOn: string[] = [], extra: Record<string, unknown> = {}) => ({
  name,
  prompt: `do ${name}`,
  dependsOn,
  ...extra,
});
