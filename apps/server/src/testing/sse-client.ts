// Test and bench helper (not exported): a minimal SSE client over node:http.
import { request } from 'node:http';
import { createParser } from 'eventsource-parser';

export interface SseFrame {
  event: string;
  id: string | null;
  data: string;
}

export interface SseClient {
  frames: SseFrame[];
  status: number;
  /** Resolves with the first frame (from the start) that matches; rejects after `ms`. */
  next(pred: (f: SseFrame) => boolean, ms?: number): Promise<SseFrame>;
  close(): void;
  closed: Promise<void>;
}

export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const frames: SseFrame[] = [];
    const waiters = new Set<() => void>();
    let closeResolve: () => void = () => undefined;
    const closed = new Promise<void>((r) => (closeResolve = r));
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      const parser = createParser({
        onEvent(e) {
          frames.push({ event: e.event ?? 'message', id: e.id ?? null, data: e.data });
          for (const w of [...waiters]) w();
        },
      });
      res.on('data', (chunk: string) => parser.feed(chunk));
      res.on('close', closeResolve);
      resolve({
        frames,
        status: res.statusCode ?? 0,
        closed,
        next(pred, ms = 30_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const f = frames.find(pred);
              if (f) {
                waiters.delete(check);
                clearTimeout(t);
                ok(f);
              }
            };
            const t = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching SSE frame within ${ms} ms; got ${frames.map((x) => x.event).join(',')}`));
            }, ms);
            waiters.add(check);
            check();
          });
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
