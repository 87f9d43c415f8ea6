import { describe, expect, it } from 'vitest';
import { AegisApiError, AegisClient } from './index.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function recording(answer: (r: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const r = new Request(input, init);
    seen.push(r.clone());
    return answer(r);
  }) as typeof fetch;
  return { seen, fetch: f };
}

describe('AegisClient', () => {
  it('sends the bearer token and the JSON body to the typed route; returns the parsed body', async () => {
    const { seen, fetch } = recording(() =>
      json(202, { messageId: 'm1', delivered: false, queued: true, position: 2 }),
    );
    const c = new AegisClient({ url: 'http://aegis.test/', token: 'k', fetch });
    expect(await c.send('s 1', { text: 'hi' })).toEqual({
      messageId: 'm1',
      delivered: false,
      queued: true,
      position: 2,
    });
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.url).toBe('http://aegis.test/v1/sessions/s%201/send');
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer k');
    expect(await seen[0]!.json()).toEqual({ text: 'hi' });
  });

  it('serialises queries', async () => {
    const { seen, fetch } = recording(() =>
      json(200, { sessions: [], pagination: { page: 2, limit: 5, total: 0, totalPages: 0 } }),
    );
    await new AegisClient({ url: 'http://aegis.test', fetch }).listSessions({
      status: 'idle,working',
      page: 2,
      limit: 5,
    });
    expect(new URL(seen[0]!.url).search).toBe('?status=idle%2Cworking&page=2&limit=5');
  });

  it("throws the server's {code, message, details} with the HTTP status", async () => {
    const { fetch } = recording(() =>
      json(404, { code: 'SESSION_NOT_FOUND', message: 'no session x', details: { id: 'x' }, requestId: 'r1' }),
    );
    const e = await new AegisClient({ url: 'http://aegis.test', fetch }).getSession('x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AegisApiError);
    expect(e).toMatchObject({
      status: 404,
      code: 'SESSION_NOT_FOUND',
      message: 'no session x',
      details: { id: 'x' },
      requestId: 'r1',
    });
  });

  it('names a non-JSON failure by its status', async () => {
    const { fetch } = recording(() => new Response('bad gateway', { status: 502 }));
    await expect(new AegisClient({ url: 'http://aegis.test', fetch }).health()).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: 'bad gateway',
    });
  });

  it('a server that cannot be reached is status 0, SERVER_UNREACHABLE', async () => {
    const fetch = (async () =>
      Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))) as typeof globalThis.fetch;
    await expect(new AegisClient({ url: 'http://aegis.test', fetch }).health()).rejects.toMatchObject({
      status: 0,
      code: 'SERVER_UNREACHABLE',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('reads the pane image as bytes', async () => {
    const { fetch } = recording(
      () => new Response(new Uint8Array([137, 80, 78, 71]), { status: 200, headers: { 'content-type': 'image/png' } }),
    );
    expect([...(await new AegisClient({ url: 'http://aegis.test', fetch }).paneImage('s'))]).toEqual([137, 80, 78, 71]);
  });
});
