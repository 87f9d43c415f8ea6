// Test helper (not exported from index.ts): a Backend with canned sessions, pipelines and worktree answers.
import {
  AegisError,
  parsePipelineSpec,
  PipelineNotFoundError,
  SessionNotFoundError,
  type AegisEvent,
  type MergeResult,
  type PipelineInfo,
  type SessionInfo,
  type WorktreeDiff,
} from '@aegis/core';
import type { Backend } from '../backend.js';

export function fakeSession(id: string, over: Partial<SessionInfo> = {}): SessionInfo {
  return {
    id,
    name: `s-${id}`,
    workDir: `/work/${id}`,
    owner: null,
    claudeSessionId: '00000000-0000-4000-8000-000000000000',
    permissionMode: 'default',
    model: null,
    claudeVersion: '2.1.331',
    stallThresholdMs: null,
    windowId: '@1',
    paneId: '%1',
    panePid: 1,
    createdAt: 1,
    launchedAt: 1,
    lastActivity: 1,
    status: 'idle',
    transcriptOffset: 0,
    configDir: '/tmp/c',
    endedAt: null,
    endReason: null,
    exitCode: null,
    state: null,
    pendingPrompt: null,
    queueLength: 0,
    usage: null,
    ...over,
  } as SessionInfo;
}

/** A Backend over a map of sessions; `fail` makes the named method throw. */
export class FakeBackend implements Backend {
  readonly kind = 'embedded' as const;
  readonly sessions = new Map<string, SessionInfo>();
  readonly listeners = new Set<(e: AegisEvent) => void>();
  fail: Partial<Record<keyof Backend, unknown>> = {};
  paneText = 'pane text';
  calls: { method: string; args: unknown[] }[] = [];

  #check(method: keyof Backend, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (method in this.fail) throw this.fail[method];
  }
  #session(id: string): SessionInfo {
    const s = this.sessions.get(id);
    if (!s) throw new SessionNotFoundError(id);
    return s;
  }
  async list() {
    this.#check('list');
    return [...this.sessions.values()];
  }
  async get(id: string) {
    this.#check('get', id);
    return this.#session(id);
  }
  async create(input: Parameters<Backend['create']>[0]) {
    this.#check('create', input);
    const s = fakeSession(`n${this.sessions.size + 1}`, { workDir: input.workDir });
    this.sessions.set(s.id, s);
    return { session: s, reused: false, prompt: input.prompt ? { id: 'm1', position: 0 } : null };
  }
  async createBatch(inputs: Parameters<Backend['createBatch']>[0]) {
    this.#check('createBatch', inputs);
    return Promise.all(inputs.map(async (i, index) => ({ index, ok: true as const, result: await this.create(i) })));
  }
  async send(id: string, input: Parameters<Backend['send']>[1]) {
    this.#check('send', id, input);
    this.#session(id);
    return {
      queued: false as const,
      id: 'm1',
      delivered: true,
      attempts: 1,
      confirmedBy: 'hook' as const,
      unknown: false,
      submittedDifferently: null,
    };
  }
  async command(id: string, input: Parameters<Backend['command']>[1]) {
    this.#check('command', id, input);
    return { status: this.#session(id).status, screen: `ran ${input.command}` };
  }
  async bash(id: string, input: Parameters<Backend['bash']>[1]) {
    this.#check('bash', id, input);
    return { status: this.#session(id).status, screen: `! ${input.command}` };
  }
  async answer(id: string, input: Parameters<Backend['answer']>[1]) {
    this.#check('answer', id, input);
    this.#session(id);
    return { action: input.action, promptId: null, via: 'keys' as const, optionId: null, sent: true };
  }
  async kill(id: string) {
    this.#check('kill', id);
    this.#session(id);
  }
  async transcript(id: string, query: Parameters<Backend['transcript']>[1]) {
    this.#check('transcript', id, query);
    this.#session(id);
    return { entries: [], hasMoreBefore: false, hasMoreAfter: false };
  }
  async summary(id: string): ReturnType<Backend['summary']> {
    this.#check('summary', id);
    this.#session(id);
    return { sessionId: null, entries: 0 } as unknown as Awaited<ReturnType<Backend['summary']>>;
  }
  async pane(id: string) {
    this.#check('pane', id);
    this.#session(id);
    return this.paneText;
  }
  async paneImage(id: string) {
    this.#check('paneImage', id);
    this.#session(id);
    return Buffer.from('\x89PNG fake');
  }
  async health(id: string) {
    this.#check('health', id);
    const s = this.#session(id);
    return { alive: true, windowExists: true, claudeRunning: true, status: s.status, lastActivity: 1, hints: [] };
  }
  async waitFor(id: string, states: Parameters<Backend['waitFor']>[1], timeoutMs: number) {
    this.#check('waitFor', id, states, timeoutMs);
    return (states as string[]).includes(this.#session(id).status);
  }
  async serverHealth() {
    this.#check('serverHealth');
    return {
      status: 'ok' as const,
      backend: 'embedded' as const,
      sessions: { active: this.sessions.size, total: this.sessions.size },
    };
  }
  subscribe(listener: (e: AegisEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: Omit<AegisEvent, 'id' | 'at'>): void {
    for (const l of this.listeners) l({ id: 1, at: 1, ...e } as AegisEvent);
  }
  readonly pipelines = new Map<string, PipelineInfo>();
  async createPipeline(spec: Parameters<Backend['createPipeline']>[0]) {
    this.#check('createPipeline', spec);
    const parsed = parsePipelineSpec(spec);
    const id = `p${this.pipelines.size + 1}`;
    const p: PipelineInfo = {
      version: 1,
      id,
      name: parsed.name,
      spec: parsed,
      status: 'running',
      reason: null,
      createdAt: 1,
      updatedAt: 1,
      finishedAt: null,
      stages: parsed.stages.map((s) => ({
        name: s.name,
        status: 'pending',
        attempt: 0,
        sessionId: null,
        sessionIds: [],
        prompt: null,
        lastMessage: null,
        reason: null,
        startedAt: null,
        attemptStartedAt: null,
        finishedAt: null,
      })),
    };
    this.pipelines.set(id, p);
    return p;
  }
  async listPipelines() {
    this.#check('listPipelines');
    return [...this.pipelines.values()];
  }
  async getPipeline(id: string) {
    this.#check('getPipeline', id);
    const p = this.pipelines.get(id);
    if (!p) throw new PipelineNotFoundError(id);
    return p;
  }
  async cancelPipeline(id: string, o: { keepSessions?: boolean }) {
    this.#check('cancelPipeline', id, o);
    const p = await this.getPipeline(id);
    p.status = 'cancelled';
    for (const s of p.stages) s.status = 'cancelled';
    return p;
  }
  /** Worktree calls answer with these (tests set them). */
  worktree = { diff: null as WorktreeDiff | null, merge: null as MergeResult | null };
  async diff(id: string, o: { stat?: boolean; maxBytes?: number }) {
    this.#check('diff', id, o);
    this.#session(id);
    if (!this.worktree.diff) throw new AegisError('NO_WORKTREE', `session ${id} has no worktree`, { sessionId: id });
    return this.worktree.diff;
  }
  async commit(id: string, message: string) {
    this.#check('commit', id, message);
    this.#session(id);
    return { commit: 'c0ffee', files: ['a.txt'] };
  }
  async merge(id: string, req: { into?: string; strategy: string; message?: string }) {
    this.#check('merge', id, req);
    this.#session(id);
    if (!this.worktree.merge)
      throw new AegisError('MERGE_CONFLICT', 'aegis/x conflicts with main in 1 file(s): a.txt', { files: ['a.txt'] });
    return this.worktree.merge;
  }
  async close() {}
}

export const notInDialog = () => new AegisError('NOT_IN_DIALOG', 'nothing to approve', { open: null });
