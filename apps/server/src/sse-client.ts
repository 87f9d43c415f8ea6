// Test and bench helper (not exported): a minimal SSE client over node:http.
import { request } from 'node:http';

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
      let buf = '';
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const f: SseFrame = { event: 'message', id: null, data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const c = line.indexOf(':');
            const k = c < 0 ? line : line.slice(0, c);
            const v = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
            if (k === 'event') f.event = v;
            else if (k === 'id') f.id = v;
            else if (k === 'data') data.push(v);
          }
          if (!data.length && f.event === 'message') continue;
          f.data = data.join('\n');
          frames.push(f);
          for (const w of [...waiters]) w();
        }
      });
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
