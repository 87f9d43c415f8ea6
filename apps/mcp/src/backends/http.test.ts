import { describe, expect, it } from 'vitest';
import { backendFromEnv } from '../stdio.js';
import { fakeSession } from '../testing/fake-backend.js';
import { connectInMemory } from '../testing/in-memory-client.js';
import { createHttpBackend, probeServer, serverUrlFromEnv } from './http.js';

type Handler = (
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
) => { status?: number; body: unknown };

/** A fetch that answers from `handler` and records every request. */
function stubFetch(handler: Handler) {
  const requests: { method: string; path: string; body: unknown; headers: Record<string, string> }[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const text = await req.text();
    const body = text ? JSON.parse(text) : undefined;
    const headers = Object.fromEntries(req.headers.entries());
    const path = url.pathname + url.search;
    requests.push({ method: req.method, path, body, headers });
    const r = handler(req.method, path, body, headers);
    return new Response(JSON.stringify(r.body), {
      status: r.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { fetch: f, requests };
}

describe('serverUrlFromEnv', () => {
  it('prefers AEGIS_URL, else host/port, else null', () => {
    expect(serverUrlFromEnv({ AEGIS_URL: 'http://aegis:9/' })).toBe('http://aegis:9');
    expect(serverUrlFromEnv({ AEGIS_PORT: '9200' })).toBe('http://127.0.0.1:9200');
    expect(serverUrlFromEnv({ AEGIS_HOST: '0.0.0.0', AEGIS_PORT: '1' })).toBe('http://127.0.0.1:1');
    expect(serverUrlFromEnv({ AEGIS_HOST: '::1' })).toBe('http://[::1]:9100');
    expect(serverUrlFromEnv({})).toBeNull();
  });
});

describe('createHttpBackend', () => {
  it('pipelines go to /v1/pipelines; PIPELINE_NOT_FOUND keeps its code', async () => {
    const p = { id: 'p1', name: 'x', status: 'running', stages: [] };
    const { fetch, requests } = stubFetch((method, path) =>
      path.includes('nope')
        ? { status: 404, body: { code: 'PIPELINE_NOT_FOUND', message: 'no pipeline nope', requestId: '1' } }
        : {
            status: method === 'POST' && path === '/v1/pipelines' ? 201 : 200,
            body: path === '/v1/pipelines' && method === 'GET' ? { pipelines: [p] } : p,
          },
    );
    const b = createHttpBackend({ url: 'http://aegis', fetch });
    const spec = { name: 'x', workDir: '/tmp', stages: [{ name: 'a', prompt: 'go' }] };
    expect(await b.createPipeline(spec)).toEqual(p);
    expect(await b.listPipelines()).toEqual([p]);
    expect(await b.getPipeline('p1')).toEqual(p);
    expect(await b.cancelPipeline('p1', { keepSessions: true })).toEqual(p);
    await expect(b.getPipeline('nope')).rejects.toMatchObject({ code: 'PIPELINE_NOT_FOUND' });
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1/pipelines', spec],
      ['GET', '/v1/pipelines', undefined],
      ['GET', '/v1/pipelines/p1', undefined],
      ['POST', '/v1/pipelines/p1/cancel', { keepSessions: true }],
      ['GET', '/v1/pipelines/nope', undefined],
    ]);
  });

  it('worktree calls go to /v1/sessions/:id/diff|commit|merge; MERGE_CONFLICT keeps its code and files', async () => {
    const { fetch, requests } = stubFetch((_m, path) =>
      path.endsWith('/merge')
        ? {
            status: 409,
            body: { code: 'MERGE_CONFLICT', message: 'conflict', details: { files: ['a.txt'] }, requestId: '1' },
          }
        : { body: path.endsWith('/commit') ? { commit: null, files: [] } : { summary: 'x' } },
    );
    const b = createHttpBackend({ url: 'http://aegis', fetch });
    expect(await b.diff('s 1', { stat: true, maxBytes: 2048 })).toEqual({ summary: 'x' });
    expect(await b.commit('s1', 'm')).toEqual({ commit: null, files: [] });
    await expect(b.merge('s1', { into: 'main', strategy: 'squash' })).rejects.toMatchObject({
      code: 'MERGE_CONFLICT',
      details: { files: ['a.txt'] },
    });
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['GET', '/v1/sessions/s%201/diff?stat=true&maxBytes=2048', undefined],
      ['POST', '/v1/sessions/s1/commit', { message: 'm' }],
      ['POST', '/v1/sessions/s1/merge', { into: 'main', strategy: 'squash' }],
    ]);
  });

  it('lists every page, sends the token', async () => {
    const all = Array.from({ length: 230 }, (_, i) => fakeSession(`s${i}`));
    const { fetch, requests } = stubFetch((_m, path) => {
      const u = new URL(path, 'http://x');
      const page = Number(u.searchParams.get('page'));
      return {
        body: {
          sessions: all.slice((page - 1) * 100, page * 100),
          pagination: { page, limit: 100, total: 230, totalPages: 3 },
        },
      };
    });
    const b = createHttpBackend({ url: 'http://aegis', token: 't0k', fetch });
    expect(await b.list()).toHaveLength(230);
    expect(requests.map((r) => r.path)).toEqual([
      '/v1/sessions?limit=100&page=1',
      '/v1/sessions?limit=100&page=2',
      '/v1/sessions?limit=100&page=3',
    ]);
    expect(requests[0]!.headers.authorization).toBe('Bearer t0k');
  });

  it('keeps stable codes: core codes as AegisError, server codes and unreachable as tool errors', async () => {
    const { fetch } = stubFetch((_m, path) =>
      path.includes('gone')
        ? { status: 404, body: { code: 'SESSION_NOT_FOUND', message: 'no session gone', requestId: '1' } }
        : { status: 401, body: { code: 'UNAUTHORIZED', message: 'invalid token' } },
    );
    const b = createHttpBackend({ url: 'http://aegis', fetch });
    await expect(b.get('gone')).rejects.toMatchObject({
      name: 'AegisError',
      code: 'SESSION_NOT_FOUND',
      message: 'no session gone',
    });
    await expect(b.pane('x')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const down = createHttpBackend({
      url: 'http://aegis',
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    await expect(down.list()).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });

    const c = await connectInMemory(b);
    const r = await c.client.callTool({ name: 'get_session', arguments: { sessionId: 'gone' } });
    expect(r.isError).toBe(true);
    expect((r.structuredContent as { error: { code: string } }).error.code).toBe('SESSION_NOT_FOUND');
    await c.close();
  });

  it('maps send, answers, transcript queries and kill onto the routes', async () => {
    const { fetch, requests } = stubFetch((m, path) => {
      if (path.endsWith('/send'))
        return { status: 202, body: { messageId: 'm1', delivered: false, queued: true, position: 2 } };
      if (path.includes('/read')) return { body: { entries: [], hasMoreBefore: false, hasMoreAfter: false } };
      if (m === 'DELETE') return { body: { ok: true } };
      return { body: { action: 'approve', promptId: 'p1', via: 'hook', optionId: 'yes', sent: true } };
    });
    const b = createHttpBackend({ url: 'http://aegis/', fetch });
    expect(await b.send('a', { text: 'hi' })).toEqual({ queued: true, id: 'm1', position: 2 });
    await b.answer('a', { action: 'approve', promptId: 'p1' });
    await b.answer('a', { action: 'escape' });
    await b.transcript('a', { after: 'e1', limit: 10, kinds: ['assistant_text', 'tool_use'] });
    await b.kill('a');
    expect(requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? null)}`)).toEqual([
      'POST /v1/sessions/a/send {"text":"hi"}',
      'POST /v1/sessions/a/approve {"promptId":"p1"}',
      'POST /v1/sessions/a/escape null',
      'GET /v1/sessions/a/read?after=e1&limit=10&kinds=assistant_text%2Ctool_use null',
      'DELETE /v1/sessions/a null',
    ]);
  });
});

describe('backendFromEnv', () => {
  it('uses a server that answers /v1/health (auto) or is forced (http)', async () => {
    const { fetch, requests } = stubFetch(() => ({ body: { status: 'ok' } }));
    expect(await probeServer('http://aegis:1', { fetch })).toBe(true);
    expect((await backendFromEnv({ AEGIS_URL: 'http://aegis:1' }, { fetch })).kind).toBe('http');
    expect(requests.at(-1)!.path).toBe('/v1/health');
    const nothing = (async () => {
      throw new Error('ECONNREFUSED');
    }) as typeof fetch;
    expect((await backendFromEnv({ AEGIS_MCP_BACKEND: 'http' }, { fetch: nothing })).kind).toBe('http');
    await expect(backendFromEnv({ AEGIS_MCP_BACKEND: 'nope' })).rejects.toThrow(/auto, http or embedded/);
  });
});
