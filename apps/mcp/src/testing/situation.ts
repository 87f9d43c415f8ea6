// Test helper for the backend parity test: what both backends are put in front of.
import { AegisError, type AnswerResult, type SendResult, type SessionInfo } from '@aegis/core';
import { fakeSession } from './fake-backend.js';

/** A scripted stand-in for core's SessionManager: its sessions and the next send/answer results are set per case. */
export class Situation {
  sessions!: Map<string, SessionInfo>;
  sendResult!: SendResult | Error;
  answerResult!: AnswerResult | Error;
  constructor() {
    this.reset();
  }
  reset(): void {
    this.sessions = new Map([['s1', fakeSession('s1', { status: 'idle' })]]);
    this.sendResult = {
      queued: false,
      id: 'm1',
      delivered: true,
      attempts: 1,
      confirmedBy: 'hook',
      unknown: false,
      submittedDifferently: null,
    };
    this.answerResult = { action: 'approve', promptId: 'p1', via: 'hook', optionId: 'yes', sent: true };
  }
  readonly events = { subscribe: () => () => undefined, lastId: 0 };
  readonly pipelines = {
    create: async () => this.#no(),
    get: () => this.#no(),
    list: () => [],
    cancel: async () => this.#no(),
  };

  #no(): never {
    throw new AegisError('PIPELINE_NOT_FOUND', 'no pipeline');
  }
  get(id: string): SessionInfo {
    const s = this.sessions.get(id);
    if (!s) throw new AegisError('SESSION_NOT_FOUND', `no session ${id}`, { id });
    return s;
  }
  list = () => [...this.sessions.values()];
  create = async (input: { workDir: string; prompt?: string }) => {
    const session = fakeSession('s2', { workDir: input.workDir, status: 'starting' });
    this.sessions.set('s2', session);
    return { session, reused: false, prompt: input.prompt ? { id: 'm9', position: 3 } : null };
  };
  send = async (id: string) => {
    this.get(id);
    if (this.sendResult instanceof Error) throw this.sendResult;
    return this.sendResult;
  };
  answer = async (id: string) => {
    this.get(id);
    if (this.answerResult instanceof Error) throw this.answerResult;
    return this.answerResult;
  };
  kill = async (id: string) => void this.get(id);
  waitForDelivery = async () => ({
    delivered: false,
    attempts: 0,
    confirmedBy: null,
    unknown: false,
    submittedDifferently: null,
  });
  storage = () => ({ ok: true, error: null });
}
