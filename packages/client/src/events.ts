import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { AegisApiError, errorFromResponse } from './errors.js';
import type { AegisEvent, EventStreamState } from './types.js';

/** One frame of an event stream: the current state (first, and again after each reconnect) or an event. */
export type StreamFrame = { kind: 'state'; state: EventStreamState } | { kind: 'event'; event: AegisEvent };

export interface EventStreamOptions {
  /** One session's events (`/v1/sessions/{id}/events`); default every event (`/v1/events`). */
  sessionId?: string;
  /** Replay every stored event after this id first (also across server restarts). */
  lastEventId?: number | string;
  /** Reconnect after a dropped connection or a 5xx, with `Last-Event-ID` (no gap, no duplicate). Default true. */
  reconnect?: boolean;
  /** Wait before reconnecting, until the server's `retry:` says otherwise. Default 2000 ms. */
  retryMs?: number;
  signal?: AbortSignal;
}

interface Connection {
  url: string;
  token: string | undefined;
  fetch: typeof fetch;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Follows an SSE stream until `signal` aborts, the caller stops iterating, or (with `reconnect: false`) the stream
 * ends. A 4xx (unknown session, bad token) throws {@link AegisApiError}; heartbeats are skipped.
 */
export async function* streamEvents(c: Connection, o: EventStreamOptions): AsyncGenerator<StreamFrame> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) stop.abort();
  const path = o.sessionId ? `/v1/sessions/${encodeURIComponent(o.sessionId)}/events` : '/v1/events';
  let last = o.lastEventId === undefined ? null : String(o.lastEventId);
  let retryMs = o.retryMs ?? 2000;
  const reconnect = o.reconnect ?? true;
  try {
    while (!stop.signal.aborted) {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (c.token) headers.authorization = `Bearer ${c.token}`;
      if (last !== null) headers['last-event-id'] = last;
      let failure: AegisApiError | null = null;
      try {
        const res = await c.fetch(c.url + path, { headers, signal: stop.signal });
        if (!res.ok || !res.body) {
          failure = await errorFromResponse(res);
          if (res.status < 500) throw failure;
        } else {
          for await (const m of messages(res.body, (ms) => (retryMs = ms))) {
            if (m.event === 'heartbeat') continue;
            if (m.event === 'state') {
              yield { kind: 'state', state: JSON.parse(m.data) as EventStreamState };
              continue;
            }
            if (m.id) last = m.id;
            yield { kind: 'event', event: JSON.parse(m.data) as AegisEvent };
          }
        }
      } catch (e) {
        if (stop.signal.aborted) return;
        if (e instanceof AegisApiError && e.status >= 400 && e.status < 500) throw e;
        failure = e instanceof AegisApiError ? e : AegisApiError.unreachable(c.url, e);
      }
      if (!reconnect) {
        if (failure) throw failure;
        return;
      }
      await sleep(retryMs, stop.signal);
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}

/** The SSE messages of a response body, as they arrive. */
async function* messages(
  body: ReadableStream<Uint8Array>,
  onRetry: (ms: number) => void,
): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (m) => pending.push(m), onRetry });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      yield* pending.splice(0);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
