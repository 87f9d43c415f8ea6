import { describe, expect, it } from 'vitest';
import { AegisClient, type StreamFrame } from './index.js';

const session = (status: string, queueLength = 0) => ({
  id: 's',
  name: 'n',
  workDir: '/w',
  status,
  permissionMode: 'default',
  createdAt: 1,
  lastActivity: 1,
  endedAt: null,
  queueLength,
  pendingPrompt: null,
  actionHints: null,
  pendingPermission: null,
  pendingQuestion: null,
});
const frame = (event: string, data: unknown, id?: number) =>
  `event: ${event}\n${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
const ev = (id: number, type: string, data: Record<string, unknown> = {}) =>
  frame(type, { id, at: id, type, sessionId: 's', data }, id);

/** A fake server: each connection gets the next list of chunks, then the stream ends (a dropped connection). */
function sse(connections: string[][], extra: (r: Request) => Response | null = () => null) {
  const seen: Request[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const r = new Request(input, init);
    seen.push(r);
    const other = extra(r);
    if (other) return other;
    const chunks = connections.shift();
    if (!chunks)
      return new Promise<Response>((_, reject) => r.signal.addEventListener('abort', () => reject(r.signal.reason)));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
        c.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

describe('events', () => {
  it('yields the state then events, skips heartbeats, and reconnects with Last-Event-ID', async () => {
    const { seen, fetch } = sse([
      [
        'retry: 5\n' + frame('state', { session: session('idle'), lastEventId: 3 }),
        frame('heartbeat', { at: 1 }) + ev(4, 'message.user').slice(0, 10),
        ev(4, 'message.user').slice(10),
      ],
      [
        frame('state', { session: session('working'), lastEventId: 4 }) +
          ev(5, 'session.status', { from: 'idle', to: 'working' }),
      ],
    ]);
    const c = new AegisClient({ url: 'http://aegis.test', token: 't', fetch });
    const got: StreamFrame[] = [];
    for await (const f of c.events({ sessionId: 's', lastEventId: 3 })) {
      got.push(f);
      if (got.length === 4) break;
    }
    expect(
      got.map((f) => (f.kind === 'state' ? `state:${f.state.session?.status}` : `${f.event.id}:${f.event.type}`)),
    ).toEqual(['state:idle', '4:message.user', 'state:working', '5:session.status']);
    expect(
      seen.map((r) => [new URL(r.url).pathname, r.headers.get('last-event-id'), r.headers.get('authorization')]),
    ).toEqual([
      ['/v1/sessions/s/events', '3', 'Bearer t'],
      ['/v1/sessions/s/events', '4', 'Bearer t'],
    ]);
  });

  it('throws a 4xx (unknown session) instead of retrying', async () => {
    const { fetch } = sse(
      [],
      () => new Response(JSON.stringify({ code: 'SESSION_NOT_FOUND', message: 'no session s' }), { status: 404 }),
    );
    const it = new AegisClient({ url: 'http://aegis.test', fetch }).events({ sessionId: 's' });
    await expect(it.next()).rejects.toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
  });
});

describe('waitForState', () => {
  it('waits on the stream: idle with a queued message does not count, the next idle does', async () => {
    const states = ['working', 'idle'];
    let reads = 0;
    const { fetch } = sse(
      [
        [
          frame('state', { session: session('idle', 1), lastEventId: 0 }),
          ev(1, 'message.user'),
          ev(2, 'session.status', { to: 'working' }),
          ev(3, 'session.status', { to: 'idle' }),
        ],
      ],
      (r) => {
        if (!new URL(r.url).pathname.endsWith('/events')) {
          const i = Math.min(reads++, 1);
          return new Response(JSON.stringify(session(states[i]!)), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          });
        }
        return null;
      },
    );
    const r = await new AegisClient({ url: 'http://aegis.test', fetch }).waitForState('s', ['idle'], {
      timeoutMs: 5000,
    });
    expect(r.reached).toBe(true);
    expect(r.session.status).toBe('idle');
    expect(reads).toBe(2);
  });

  it('resolves reached: false after the timeout', async () => {
    const { fetch } = sse([], (r) =>
      new URL(r.url).pathname.endsWith('/events')
        ? null
        : new Response(JSON.stringify(session('working')), { status: 200 }),
    );
    const r = await new AegisClient({ url: 'http://aegis.test', fetch }).waitForState('s', ['idle'], { timeoutMs: 50 });
    expect(r).toMatchObject({ reached: false, session: { status: 'working' } });
  });
});
