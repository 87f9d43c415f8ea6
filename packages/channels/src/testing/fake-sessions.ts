import { AegisError, type AnswerResult, type SessionInfo } from '@aegis/core';
import type { SessionControl } from '../channel.js';

/** A SessionControl that records calls; `approve`/`reject`/`answer` answer each prompt id once, like core. */
export function fakeSessions() {
  const calls: { method: string; args: unknown[] }[] = [];
  const answered = new Set<string>();
  const result = (action: AnswerResult['action'], promptId: string | null): AnswerResult => ({
    action,
    promptId,
    via: 'hook',
    optionId: null,
    sent: true,
  });
  const once = (promptId: string | undefined) => {
    if (promptId && answered.has(promptId)) throw new AegisError('ALREADY_ANSWERED', 'already answered');
    if (promptId) answered.add(promptId);
  };
  const info = (id: string): SessionInfo =>
    ({ id, name: `name-${id}`, status: 'idle', queueLength: 0, pendingPrompt: null }) as unknown as SessionInfo;
  const control: SessionControl = {
    async create(input) {
      calls.push({ method: 'create', args: [input] });
      return { session: info('new1'), reused: false, prompt: input.prompt ? { id: 'm1', position: 0 } : null } as never;
    },
    async send(id, text) {
      calls.push({ method: 'send', args: [id, text] });
      return {
        queued: false,
        id: 'm2',
        delivered: true,
        attempts: 1,
        confirmedBy: 'hook',
        unknown: false,
        submittedDifferently: null,
      } as never;
    },
    async answer(id, input) {
      calls.push({ method: 'answer', args: [id, input] });
      once('promptId' in input ? input.promptId : undefined);
      return result(input.action, null);
    },
    async approve(id, o) {
      calls.push({ method: 'approve', args: [id, o] });
      once(o?.promptId);
      return result('approve', o?.promptId ?? null);
    },
    async reject(id, o) {
      calls.push({ method: 'reject', args: [id, o] });
      once(o?.promptId);
      return result('reject', o?.promptId ?? null);
    },
    async interrupt(id) {
      calls.push({ method: 'interrupt', args: [id] });
      return result('interrupt', null);
    },
    async kill(id) {
      calls.push({ method: 'kill', args: [id] });
    },
    get: (id) => info(id),
    list: () => [info('s1')],
    async pane(id) {
      calls.push({ method: 'pane', args: [id] });
      return '╭──╮\n│ > hello <b> │\n╰──╯\n\n';
    },
  };
  return { control, calls, of: (method: string) => calls.filter((c) => c.method === method) };
}
