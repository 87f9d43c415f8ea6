import type { SessionState } from '@aegis/state';
import type { Answerer } from './answerer.js';
import type { EventLog } from './event-log.js';
import { isAegisError } from './errors.js';
import type { SessionRuntime } from './runtime.js';

export const GATE_KINDS = new Set(['trust_prompt', 'api_key_prompt', 'bypass_permissions_prompt']);

/** Whether Aegis answers a startup gate itself, and how. Null: leave it (it is reported as the state). */
export function gateDecision(state: SessionState, permissionMode: string): 'approve' | null {
  switch (state.kind) {
    case 'trust_prompt':
      return state.options.some((o) => o.id === 'trust') ? 'approve' : null;
    case 'api_key_prompt':
      // the key in the environment was given to Aegis on purpose: use it ("Yes" by identity)
      return state.options.some((o) => o.kind === 'allow') ? 'approve' : null;
    case 'bypass_permissions_prompt':
      return permissionMode === 'bypassPermissions' && state.options.some((o) => o.id === 'accept') ? 'approve' : null;
    default:
      return null;
  }
}

/** Answers startup gates by option identity (never typing a prompt into them) and reports each one. */
export async function handleGate(rt: SessionRuntime, answerer: Answerer, events: EventLog): Promise<void> {
  const state = rt.state;
  if (!GATE_KINDS.has(state.kind)) return;
  const prompt = rt.prompts.current;
  if (!prompt || prompt.answered) return;
  const decision = gateDecision(state, rt.record.permissionMode);
  if (decision === null) {
    if (!prompt.announced) {
      prompt.announced = true;
      events.emit({
        type: 'gate.shown',
        sessionId: rt.id,
        data: { kind: state.kind, answered: false, optionId: null },
      });
    }
    return;
  }
  try {
    const r = await answerer.answer(rt, { action: 'approve', promptId: prompt.id });
    events.emit({
      type: 'gate.shown',
      sessionId: rt.id,
      data: { kind: state.kind, answered: true, optionId: r.optionId },
    });
  } catch (e) {
    if (!isAegisError(e, 'ALREADY_ANSWERED')) {
      events.emit({
        type: 'gate.shown',
        sessionId: rt.id,
        data: { kind: state.kind, answered: false, optionId: null },
      });
    }
  }
}
