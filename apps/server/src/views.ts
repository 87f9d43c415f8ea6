import type { SessionInfo } from '@aegis/core';
import type { z } from 'zod';
import type { PromptDeliverySchema } from './schemas.js';
import type { SessionService } from './service.js';

type Hint = { method: 'POST'; url: string; body: Record<string, unknown> };

const QUESTION_KINDS = new Set(['asking']);

/** A session with `status` at the top level, the pending permission/question and how to answer it. */
export function sessionDetail(s: SessionInfo) {
  const p = s.pendingPrompt;
  let actionHints: Record<string, Hint> | null = null;
  if (p) {
    const base = `/v1/sessions/${s.id}`;
    actionHints = QUESTION_KINDS.has(p.kind)
      ? { answer: { method: 'POST', url: `${base}/answer`, body: { promptId: p.id, options: [['<option id>']] } } }
      : {
          approve: { method: 'POST', url: `${base}/approve`, body: { promptId: p.id } },
          reject: { method: 'POST', url: `${base}/reject`, body: { promptId: p.id } },
        };
    actionHints.escape = { method: 'POST', url: `${base}/escape`, body: {} };
  }
  const state = s.state as Record<string, unknown> | null;
  return {
    ...s,
    actionHints,
    pendingPermission:
      p && !QUESTION_KINDS.has(p.kind)
        ? { promptId: p.id, kind: p.kind, options: p.options, viaHook: p.viaHook, state }
        : null,
    pendingQuestion:
      p && QUESTION_KINDS.has(p.kind)
        ? { promptId: p.id, questions: state?.questions ?? [], options: p.options }
        : null,
  };
}

export type PromptDelivery = z.infer<typeof PromptDeliverySchema>;

/** A prompt receipt that is not delivered yet (watch `message.delivered` on the events stream). */
export const queuedDelivery = (prompt: { id: string; position: number }): PromptDelivery => ({
  messageId: prompt.id,
  position: prompt.position,
  delivered: false,
  attempts: 0,
  pending: true,
  confirmedBy: null,
  unknown: false,
});

/** Waits (at most `ms`) for a queued prompt's delivery; `pending: true` when it is not through yet. */
export async function awaitDelivery(
  m: SessionService,
  sessionId: string,
  prompt: { id: string; position: number },
  ms: number,
): Promise<PromptDelivery> {
  const messageId = prompt.id;
  const pending = queuedDelivery(prompt);
  if (ms <= 0) return pending;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
    timer.unref();
  });
  try {
    const r = await Promise.race([m.waitForDelivery(sessionId, messageId).catch(() => null), timeout]);
    if (!r) return pending;
    return {
      messageId,
      position: prompt.position,
      delivered: r.delivered,
      attempts: r.attempts,
      pending: false,
      confirmedBy: r.confirmedBy,
      unknown: r.unknown,
    };
  } finally {
    clearTimeout(timer);
  }
}
