import type { AegisEvent } from '@aegis/core';

export interface SseFrame {
  event: string;
  id: string | null;
  data: string;
}

/** Splits a growing SSE text buffer into complete frames; returns them and the unfinished rest. */
export function parseSse(buffer: string): { frames: SseFrame[]; rest: string } {
  const frames: SseFrame[] = [];
  const parts = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = parts.pop() ?? '';
  for (const part of parts) {
    const f: SseFrame = { event: 'message', id: null, data: '' };
    const data: string[] = [];
    for (const line of part.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') f.event = value;
      else if (field === 'id') f.id = value;
      else if (field === 'data') data.push(value);
    }
    f.data = data.join('\n');
    if (f.data || f.id) frames.push(f);
  }
  return { frames, rest };
}

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
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          const { frames, rest } = parseSse(buffer + decoder.decode(chunk, { stream: true }));
          buffer = rest;
          for (const f of frames) {
            if (f.id) last = f.id;
            if (f.event === 'state' || f.event === 'heartbeat' || !f.id) continue;
            try {
              o.onEvent(JSON.parse(f.data) as AegisEvent);
            } catch {
              /* not an event */
            }
          }
        }
      } catch {
        /* dropped or refused: retry below */
      }
      if (!abort.signal.aborted) await o.sleep(o.retryMs ?? 2000);
    }
  };
  void run();
  return () => abort.abort();
}
