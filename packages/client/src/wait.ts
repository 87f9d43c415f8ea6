import type { StreamFrame, EventStreamOptions } from './events.js';
import type { SessionDetail, SessionStatus } from './types.js';

/** What a wait needs of the client (declared here: the client calls in). */
export interface WaitClient {
  getSession(id: string): Promise<SessionDetail>;
  events(o: EventStreamOptions): AsyncIterable<StreamFrame>;
}

export interface WaitOptions {
  /** Give up after this long (resolves `reached: false`). Default: wait until `signal` aborts or the session ends. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface WaitResult {
  /** True when the session got into one of the states; false after the timeout or when it ended first. */
  reached: boolean;
  /** The session as it was when the wait ended. */
  session: SessionDetail;
}

/** Idle only counts once nothing is queued (a queued message is about to be delivered), as core's `waitFor`. */
const settled = (s: SessionDetail, states: SessionStatus[]) =>
  states.includes(s.status) && (s.status !== 'idle' || s.queueLength === 0);

/**
 * Waits on the session's SSE stream (no polling): checks its state when the stream opens (and re-opens) and after
 * each status or queue event.
 */
export async function waitForState(
  client: WaitClient,
  id: string,
  states: SessionStatus[],
  o: WaitOptions,
): Promise<WaitResult> {
  const stop = new AbortController();
  const timer = o.timeoutMs === undefined ? null : setTimeout(() => stop.abort(), o.timeoutMs);
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const relevant = new Set([
    'session.status',
    'session.ended',
    'message.delivered',
    'message.unconfirmed',
    'message.queued',
  ]);
  try {
    for await (const f of client.events({ sessionId: id, signal: stop.signal })) {
      if (f.kind === 'event' && !relevant.has(f.event.type)) continue;
      const s = f.kind === 'state' && f.state.session ? f.state.session : await client.getSession(id);
      if (settled(s, states)) return { reached: true, session: s };
      if (s.endedAt !== null) return { reached: false, session: s };
    }
  } finally {
    if (timer) clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
  return { reached: false, session: await client.getSession(id) };
}
