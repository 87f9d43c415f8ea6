// Test helper (not exported): an in-memory SessionService with core's real EventLog, errors and schemas.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AegisError,
  assertLiteralMessage,
  DialogError,
  EventLog,
  Git,
  nodeFileSystem,
  Pipelines,
  randomIds,
  realClock,
  SessionNotFoundError,
  SessionWorktrees,
  type AnswerInput,
  type CreateSessionInput,
  type SessionInfo,
  type SessionRecord,
} from '@aegis/core';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../app.js';
import type { ConfigInput } from '../config-fields.js';
import { parseConfig } from '../config.js';
import type { Renderer } from '@aegis/browser';
import type { ServerDeps, SessionService } from '../service.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Result<K extends keyof SessionService> = SessionService[K] extends (...a: any[]) => Promise<infer T> ? T : never;

export class StubManager implements SessionService {
  readonly events = new EventLog({ dir: null });
  readonly sessions = new Map<string, SessionInfo>();
  readonly answers: { id: string; input: AnswerInput }[] = [];
  readonly sent: { id: string; text: string }[] = [];
  readonly commands: { id: string; kind: 'slash' | 'shell'; command: string }[] = [];
  /** Sessions whose turn the test declared ended (their stage is done on the next `pipelines.tick()`). */
  readonly turnEnded = new Set<string>();
  /** Core's real Pipelines over these stub sessions (no poll timer: tests call `pipelines.tick()`). */
  readonly pipelines: Pipelines = new Pipelines({
    driver: {
      start: async (l) =>
        (await this.create({ workDir: l.workDir, prompt: l.prompt, name: l.sessionName, reuse: false })).session.id,
      find: async (name) => this.list().find((s) => s.name === name && s.endedAt === null)?.id ?? null,
      observe: async (id) => {
        const s = this.get(id);
        if (s.endedAt !== null) return { kind: 'failed', reason: 'session ended (killed)' };
        return this.turnEnded.has(id) ? { kind: 'turn_ended', lastMessage: 'hi there' } : { kind: 'working' };
      },
      stop: async (id, { keep }) => (keep ? undefined : this.kill(id)),
    },
    check: async () => ({ ok: true, reason: 'ok' }),
    store: null,
    fs: nodeFileSystem,
    clock: realClock,
    ids: randomIds,
    emit: (e) => void this.events.emit(e),
  });
  /** Core's real worktrees (real git) over these stub sessions; tests set `root`. */
  readonly worktrees: SessionWorktrees = new SessionWorktrees({
    git: new Git(),
    fs: nodeFileSystem,
    clock: realClock,
    ids: randomIds,
    root: join(tmpdir(), `aegis-stub-worktrees-${randomIds.uuid()}`),
    records: {
      get: (id) => this.sessions.get(id) as unknown as SessionRecord | undefined,
      all: () => [...this.sessions.values()] as unknown as SessionRecord[],
      update: (id, patch) => void this.set(id, patch as Partial<SessionInfo>),
    },
  });
  #n = 0;

  async create(input: CreateSessionInput): Promise<Result<'create'>> {
    if (input.workDir.startsWith('/nonexistent'))
      throw new AegisError('INVALID_WORKDIR', `workDir ${input.workDir} is not an existing folder`, {
        workDir: input.workDir,
      });
    const reusable =
      input.reuse === false
        ? undefined
        : [...this.sessions.values()].find((s) => s.workDir === input.workDir && s.status === 'idle');
    const prompt = input.prompt ? { id: `m${++this.#n}`, position: 0 } : null;
    if (reusable) return { session: reusable, reused: true, prompt };
    const id = `00000000-0000-4000-8000-${String(++this.#n).padStart(12, '0')}`;
    const name = input.name ?? `s${this.#n}`;
    const worktree =
      input.isolation === 'worktree'
        ? await this.worktrees.create({ workDir: input.workDir, name, branch: input.branch, baseRef: input.baseRef })
        : null;
    const s = {
      id,
      name,
      workDir: worktree?.path ?? input.workDir,
      worktree,
      owner: null,
      claudeSessionId: id,
      permissionMode: input.permissionMode ?? 'default',
      model: null,
      claudeVersion: '2.1.331',
      stallThresholdMs: null,
      windowId: `@${this.#n}`,
      paneId: `%${this.#n}`,
      panePid: 1000,
      createdAt: 1000 + this.#n,
      launchedAt: 1000 + this.#n,
      lastActivity: 1000 + this.#n,
      status: 'idle',
      transcriptOffset: 0,
      configDir: '/tmp/x',
      endedAt: null,
      endReason: null,
      exitCode: null,
      state: { kind: 'idle', evidence: [] },
      pendingPrompt: null,
      queueLength: 0,
      usage: null,
    } as unknown as SessionInfo;
    this.sessions.set(id, s);
    this.events.emit({
      type: 'session.created',
      sessionId: id,
      data: { workDir: s.workDir, name: s.name, permissionMode: s.permissionMode, reused: false, resumed: false },
    });
    return { session: s, reused: false, prompt };
  }
  async createBatch(inputs: readonly CreateSessionInput[]): Promise<Result<'createBatch'>> {
    return Promise.all(
      inputs.map(async (input, index) => {
        try {
          return { index, ok: true as const, result: await this.create(input) };
        } catch (e) {
          return { index, ok: false as const, error: { code: (e as AegisError).code, message: (e as Error).message } };
        }
      }),
    );
  }
  #live(id: string): SessionInfo {
    const s = this.get(id);
    if (s.endedAt !== null) throw new AegisError('SESSION_EXITED', `session ${id} has ended`, { sessionId: id });
    return s;
  }
  async send(id: string, input: string | { text: string }): Promise<Result<'send'>> {
    const s = this.#live(id);
    const text = typeof input === 'string' ? input : input.text;
    assertLiteralMessage(text);
    this.sent.push({ id, text });
    const mid = `m${++this.#n}`;
    if (s.status !== 'idle') return { queued: true, id: mid, position: 1 };
    if (text === 'unconfirmed')
      return {
        queued: false,
        id: mid,
        delivered: false,
        attempts: 3,
        confirmedBy: null,
        unknown: true,
        submittedDifferently: null,
      };
    return {
      queued: false,
      id: mid,
      delivered: true,
      attempts: 1,
      confirmedBy: 'hook',
      unknown: false,
      submittedDifferently: null,
    };
  }
  async command(id: string, input: { command: string }): Promise<Result<'command'>> {
    const s = this.#live(id);
    this.commands.push({ id, kind: 'slash', command: input.command });
    return { status: s.status, screen: `ran ${input.command}` };
  }
  async bash(id: string, input: { command: string }): Promise<Result<'bash'>> {
    const s = this.#live(id);
    this.commands.push({ id, kind: 'shell', command: input.command });
    return { status: s.status, screen: `! ${input.command}` };
  }
  async waitForDelivery(): Promise<Result<'waitForDelivery'>> {
    return { delivered: true, attempts: 1, confirmedBy: 'hook', unknown: false, submittedDifferently: null };
  }
  async answer(id: string, input: AnswerInput): Promise<Result<'answer'>> {
    const s = this.#live(id);
    this.answers.push({ id, input });
    if (['approve', 'reject', 'answer'].includes(input.action)) {
      if (!s.pendingPrompt)
        throw new DialogError('NOT_IN_DIALOG', `session ${id} has no open prompt`, { sessionId: id });
      const promptId = s.pendingPrompt.id;
      this.set(id, { pendingPrompt: null, status: 'working' });
      return { action: input.action, promptId, via: 'keys', optionId: 'yes', sent: true };
    }
    return { action: input.action, promptId: null, via: 'keys', optionId: null, sent: true };
  }
  /** Test control: the next `get` throws this. */
  failNext: Error | null = null;

  get(id: string): SessionInfo {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    const s = this.sessions.get(id);
    if (!s) throw new SessionNotFoundError(id);
    return s;
  }
  list(): SessionInfo[] {
    return [...this.sessions.values()];
  }
  /** Test control: why state writes fail (null: they work). */
  storageError: string | null = null;
  storage(): { ok: boolean; error: string | null } {
    return { ok: this.storageError === null, error: this.storageError };
  }
  async transcript(id: string, q: { after?: string } = {}): Promise<Result<'transcript'>> {
    this.get(id);
    const all = [
      { id: 'e1', kind: 'user_prompt', role: 'user', text: 'hello' },
      { id: 'e2', kind: 'assistant_text', role: 'assistant', text: 'hi there' },
    ];
    const start = q.after ? all.findIndex((e) => e.id === q.after) + 1 : 0;
    return { entries: all.slice(start) as never, hasMoreBefore: start > 0, hasMoreAfter: false };
  }
  async summary(id: string): Promise<Result<'summary'>> {
    this.get(id);
    return { sessionId: 'c1', entries: 2, prompts: 1, turnsCompleted: 1, lastAssistantText: 'hi there' } as never;
  }
  async pane(id: string): Promise<string> {
    this.get(id);
    return '❯ hello\n  hi there';
  }
  async health(id: string): Promise<Result<'health'>> {
    const s = this.get(id);
    return {
      alive: s.endedAt === null,
      windowExists: true,
      claudeRunning: true,
      status: s.status,
      lastActivity: 1,
      hints: [],
    };
  }
  async kill(id: string): Promise<void> {
    this.get(id);
    this.set(id, { endedAt: 5000, status: 'exited' });
    this.events.emit({ type: 'session.ended', sessionId: id, data: { reason: 'killed', code: null, signal: null } });
  }
  /** Test control: change a session (emits `session.status` when the status changes). */
  set(id: string, patch: Partial<SessionInfo>): void {
    const s = this.get(id);
    const next = { ...s, ...patch } as SessionInfo;
    this.sessions.set(id, next);
    if (patch.status && patch.status !== s.status)
      this.events.emit({
        type: 'session.status',
        sessionId: id,
        data: { from: s.status, to: patch.status, evidence: [] },
      });
  }
}

export const fakeRenderer = (available = true): Renderer & { calls: string[] } => {
  const calls: string[] = [];
  const png = Buffer.from('89504e470d0a1a0a', 'hex');
  return {
    calls,
    available: () => available,
    screenshot: async (url) => (calls.push(url), png),
    renderText: async (text) => (calls.push(text), png),
  };
};

/** The app over a StubManager, with its own state folder (API keys, audit log). */
export async function testApp(
  config: ConfigInput = {},
  renderer: Renderer = fakeRenderer(),
  deps: Pick<ServerDeps, 'fleet'> = {},
): Promise<{ app: FastifyInstance; m: StubManager; stateDir: string }> {
  const m = new StubManager();
  const stateDir = mkdtempSync(join(tmpdir(), 'aegis-server-test-'));
  const app = await buildServer({
    manager: m,
    config: parseConfig({ stateDir, sseHeartbeatMs: 60_000, ...config }),
    renderer,
    ...deps,
  });
  return { app, m, stateDir };
}
