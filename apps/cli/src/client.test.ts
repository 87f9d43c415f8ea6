import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, serverUrl, sseParser, type SseFrame } from './client.js';

describe('serverUrl', () => {
  it('AEGIS_URL wins, else AEGIS_HOST/AEGIS_PORT, else 127.0.0.1:9100', () => {
    expect(serverUrl({})).toBe('http://127.0.0.1:9100');
    expect(serverUrl({ AEGIS_URL: 'http://x:1/' })).toBe('http://x:1');
    expect(serverUrl({ AEGIS_HOST: 'h', AEGIS_PORT: '42' })).toBe('http://h:42');
    expect(serverUrl({ AEGIS_HOST: '::1' })).toBe('http://[::1]:9100');
  });
});

describe('sseParser', () => {
  it('splits frames across chunks, joins data lines, skips comments and empty frames, stops when asked', () => {
    const frames: SseFrame[] = [];
    const feed = sseParser((f) => (frames.push(f), f.event === 'stop'));
    expect(feed('retry: 2000\nevent: state\ndata: {"a":')).toBe(false);
    expect(feed('1}\n\n: comment\n\nevent: x\nid: 7\ndata: one\ndata: two\r\n\r\n')).toBe(false);
    expect(feed('event: stop\ndata: {}\n\nevent: after\ndata: 1\n\n')).toBe(true);
    expect(frames).toEqual([
      { event: 'state', id: null, data: '{"a":1}' },
      { event: 'x', id: '7', data: 'one\ntwo' },
      { event: 'stop', id: null, data: '{}' },
    ]);
  });
});

describe('ApiClient', () => {
  const stub = (status: number, body: string, seen: Request[] = []) =>
    (async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return new Response(body, { status, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;

  it('sends the bearer token and JSON; returns the parsed body', async () => {
    const seen: Request[] = [];
    const c = new ApiClient({ url: 'http://s', token: 't', fetch: stub(200, '{"ok":true}', seen) });
    expect(await c.request('POST', '/v1/x', { a: 1 })).toEqual({ ok: true });
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer t');
    expect(seen[0]!.headers.get('content-type')).toBe('application/json');
    expect(await seen[0]!.text()).toBe('{"a":1}');
  });

  it("throws the server's {code, message}", async () => {
    const c = new ApiClient({ url: 'http://s', fetch: stub(404, '{"code":"SESSION_NOT_FOUND","message":"no session x","requestId":"r"}') });
    const e = await c.request('GET', '/v1/sessions/x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND', message: 'no session x' });
  });

  it('names an unreachable server', async () => {
    const c = new ApiClient({ url: 'http://s', fetch: (async () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))) as typeof fetch });
    await expect(c.request('GET', '/v1/health')).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE', message: expect.stringContaining('ECONNREFUSED') });
  });
});
