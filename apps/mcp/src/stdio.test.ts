import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backendFromEnv, runStdio } from './stdio.js';
import { FakeBackend, fakeSession } from './testing/fake-backend.js';

describe('runStdio', () => {
  it('answers on stdout, logs elsewhere, and closes the backend once when stdin ends', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    let closes = 0;
    backend.close = async () => void closes++;
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const logs: string[] = [];
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const running = runStdio({ backend, stdin, stdout, log: (l) => logs.push(l), handleSignals: false });
    const send = (m: object) => stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } },
    });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'list_sessions', arguments: {} } });
    await expect.poll(() => out.split('\n').filter(Boolean).length).toBe(2);
    const lines = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: number; result: { structuredContent?: { total: number } } });
    expect(lines.map((l) => l.id)).toEqual([1, 2]);
    expect(lines[1]!.result.structuredContent?.total).toBe(1);
    stdin.end();
    await running;
    expect(closes).toBe(1);
    expect(logs).toEqual(['aegis-mcp: serving over stdio (Aegis in this process)']);
  });
});

describe('backendFromEnv', () => {
  it('sends AEGIS_API_KEY as the bearer, else AEGIS_AUTH_TOKEN', async () => {
    for (const [env, want] of [
      [{ AEGIS_API_KEY: 'aegis_key', AEGIS_AUTH_TOKEN: 'tok' }, 'Bearer aegis_key'],
      [{ AEGIS_AUTH_TOKEN: 'tok' }, 'Bearer tok'],
    ] as const) {
      const seen: (string | null)[] = [];
      const fetch = (async (input: Request | string, init?: RequestInit) => {
        seen.push(new Headers(input instanceof Request ? input.headers : init?.headers).get('authorization'));
        return new Response(JSON.stringify({ sessions: [], pagination: { totalPages: 1 } }), {
          headers: { 'content-type': 'application/json' },
        });
      }) as typeof globalThis.fetch;
      const backend = await backendFromEnv(
        { ...env, AEGIS_URL: 'http://127.0.0.1:1', AEGIS_MCP_BACKEND: 'http' },
        { fetch },
      );
      await backend.list();
      await backend.close();
      expect(seen).toEqual([want]);
    }
  });
});
