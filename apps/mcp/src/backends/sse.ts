import type { AegisEvent } from '@aegis/core';
import { createParser } from 'eventsource-parser';

export interface EventStreamOptions {
  url: string;
  token?: string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  onEvent: (e: AegisEvent) => void;
  /** Pause before reconnecting. Default 2000 ms. */
  retryMs?: number;
}

/**
 * Follows `GET /v1/events` until stopped, reconnecting with `Last-Event-ID` (no gaps, no duplicates). Skips the
 * `state` snapshot and heartbeats. Returns the stop function.
 */
export function followEvents(o: EventStreamOptions): () => void {
  const abort = new AbortController();
  let last: string | null = null;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (o.token) headers.authorization = `Bearer ${o.token}`;
        if (last) headers['last-event-id'] = last;
        const res = await o.fetch(`${o.url}/v1/events`, { headers, signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const parser = createParser({
          onEvent(f) {
            if (f.id) last = f.id;
            if (f.event === 'state' || f.event === 'heartbeat' || !f.id) return;
            try {
              o.onEvent(JSON.parse(f.data) as AegisEvent);
            } catch {
              /* not an event */
            }
          },
        });
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        /* dropped or refused: retry below */
      }
      if (!abort.signal.aborted) await o.sleep(o.retryMs ?? 2000);
    }
  };
  void run();
  return () => abort.abort();
}
