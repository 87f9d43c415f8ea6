import { STATE_KINDS, type StateKind } from '@aegis/state';
import { z } from 'zod';
import type { Backend } from '../backend.js';
import { sessionId } from './common.js';
import { guard, ok, type Server } from './result.js';

/** Longest wait one call may ask for. MCP clients time requests out too (often after 60 s): stay below theirs. */
export const MAX_WAIT_MS = 600_000;
export const DEFAULT_WAIT_MS = 30_000;
/** How often `wait_for_state` reports progress to a client that asked for it. */
export const PROGRESS_EVERY_MS = 5_000;

const WaitInput = z.object({
  sessionId,
  states: z
    .array(z.enum(STATE_KINDS))
    .min(1)
    .optional()
    .describe(
      'Return as soon as the session is in one of these (default: idle, any prompt waiting for an answer, error or exited)',
    ),
  timeoutMs: z
    .number()
    .int()
    .min(0)
    .max(MAX_WAIT_MS)
    .optional()
    .describe(`Give up after this long (default ${DEFAULT_WAIT_MS}); then reached is false`),
});

/** States in which an agent has something to do: the default of `wait_for_state`. */
export const ACTIONABLE: StateKind[] = [
  'idle',
  'permission_prompt',
  'asking',
  'plan_approval',
  'trust_prompt',
  'api_key_prompt',
  'bypass_permissions_prompt',
  'dialog',
  'error',
  'stalled',
  'exited',
];

const WaitOutput = z.object({
  reached: z.boolean(),
  status: z.string(),
  pendingPrompt: z.looseObject({ id: z.string(), kind: z.string() }).nullable(),
  queueLength: z.number(),
});

function aborted(signal: AbortSignal): Promise<false> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(false);
    else signal.addEventListener('abort', () => resolve(false), { once: true });
  });
}

/** `wait_for_state`: blocks until the session reaches one of the states (no polling for agents). */
export function registerWaitTools(server: Server, backend: Backend): void {
  server.registerTool(
    'wait_for_state',
    {
      title: 'Wait for a state',
      description:
        'Blocks until the session is in one of the given states, or the timeout passes, then returns its status and the pending prompt (id, kind, options) if one waits for an answer. Use it instead of polling.',
      inputSchema: WaitInput,
      outputSchema: WaitOutput,
      annotations: { readOnlyHint: true },
    },
    ({ sessionId: id, states, timeoutMs }, extra) =>
      guard(async () => {
        const want = states ?? ACTIONABLE;
        const total = timeoutMs ?? DEFAULT_WAIT_MS;
        // A client that sent a progress token hears from us every few seconds (and may reset its request timeout on it).
        const token = extra._meta?.progressToken;
        let ticks = 0;
        const progress =
          token === undefined
            ? null
            : setInterval(() => {
                ticks++;
                extra
                  .sendNotification({
                    method: 'notifications/progress',
                    params: {
                      progressToken: token,
                      progress: ticks * PROGRESS_EVERY_MS,
                      total,
                      message: `waiting for ${want.join('/')}`,
                    },
                  })
                  .catch(() => undefined);
              }, PROGRESS_EVERY_MS);
        let reached: boolean;
        try {
          reached = await Promise.race([backend.waitFor(id, want, total), aborted(extra.signal)]);
        } finally {
          if (progress) clearInterval(progress);
        }
        const s = await backend.get(id);
        const pendingPrompt = s.pendingPrompt
          ? (JSON.parse(JSON.stringify(s.pendingPrompt)) as { id: string; kind: string })
          : null;
        const data = {
          reached: reached || (want as string[]).includes(s.status),
          status: s.status,
          pendingPrompt,
          queueLength: s.queueLength,
        };
        const text = `${data.reached ? 'Reached' : 'Timed out in'} ${s.status}${pendingPrompt ? `; pending ${pendingPrompt.kind} ${pendingPrompt.id}` : ''}.`;
        return ok(data, text);
      }),
  );
}
