import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../app.js';
import { parseConfig } from '../config.js';
import { FakePane } from '../testing/fake-pane.js';
import { StubManager } from '../testing/stub-manager.js';
import { connectWs, type FramesSocket } from '../testing/ws-client.js';

let app: FastifyInstance;
let base = '';
const sockets: FramesSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) if (ws.readyState === ws.OPEN) ws.terminate();
  await app?.close();
});

async function setup(config: { authToken?: string } = {}) {
  const m = new StubManager();
  const pane = new FakePane();
  pane.screen = 'claude\n';
  const stateDir = mkdtempSync(join(tmpdir(), 'aegis-terminal-test-'));
  app = await buildServer({ manager: m, terminal: pane, webRoot: null, config: parseConfig({ stateDir, ...config }) });
  base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  const { session } = await m.create({ workDir: '/tmp', prompt: 'hi' });
  return { m, pane, id: session.id };
}

const connect = async (path: string, headers: Record<string, string> = {}) => {
  const ws = await connectWs(base + path, headers);
  sockets.push(ws);
  return ws;
};

describe('GET /v1/sessions/:id/terminal (WebSocket)', () => {
  it('sends the size, the screen with its colours, then only the rows tmux reports changed', async () => {
    const { pane, id } = await setup();
    pane.screen = '\x1b[31mred\x1b[39m\nsecond\n';
    const ws = await connect(`/v1/sessions/${id}/terminal`);
    const f = ws.f;
    const first = await f.next('screen');
    expect(f.all[0]).toEqual({ type: 'size', cols: 80, rows: 24 });
    expect(first.data).toBe('\x1b[1;1H\x1b[0m\x1b[31mred\x1b[39m\x1b[0m\x1b[K\x1b[2;1H\x1b[0msecond\x1b[0m\x1b[K');
    const next = f.next('screen');
    pane.set('\x1b[31mred\x1b[39m\nthird\n');
    expect((await next).data).toBe('\x1b[2;1H\x1b[0mthird\x1b[0m\x1b[K');
    ws.terminate();
  });

  it('types only after take-over, and stops watching when the socket closes', async () => {
    const { pane, id } = await setup();
    const ws = await connect(`/v1/sessions/${id}/terminal`);
    const f = ws.f;
    await f.next('screen');
    const refused = f.next('error');
    ws.send(JSON.stringify({ type: 'input', data: 'x' }));
    expect(await refused).toMatchObject({ code: 'INVALID_STATE' });
    ws.send(JSON.stringify({ type: 'takeover', on: true }));
    ws.send(JSON.stringify({ type: 'input', data: 'ls\r' }));
    await expect.poll(() => pane.typed).toEqual([{ text: 'ls' }, { keys: ['Enter'] }]);
    ws.close();
    await expect.poll(() => pane.watchers).toBe(0);
  });

  it('reports the window closing', async () => {
    const { pane, id } = await setup();
    const ws = await connect(`/v1/sessions/${id}/terminal`);
    const f = ws.f;
    await f.next('screen');
    const closed = f.next('closed');
    pane.close();
    expect(await closed).toEqual({ type: 'closed', reason: 'window-closed' });
    ws.terminate();
  });

  it('refuses the upgrade without the key, and for an unknown session', async () => {
    const { id } = await setup({ authToken: 'secret-token' });
    await expect(connect(`/v1/sessions/${id}/terminal`)).rejects.toThrow(/refused: 401/);
    await expect(connect(`/v1/sessions/nope/terminal`, { authorization: 'Bearer secret-token' })).rejects.toThrow(
      /refused: 404/,
    );
    const ok = await connect(`/v1/sessions/${id}/terminal`, { cookie: 'aegis_key=secret-token' });
    ok.terminate();
  });

  it('a viewer key watches but cannot type', async () => {
    const { pane, id } = await setup({ authToken: 'secret-token' });
    const created = await app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: { authorization: 'Bearer secret-token' },
      payload: { name: 'watcher', role: 'viewer' },
    });
    const viewer = created.json().key as string;
    const ws = await connect(`/v1/sessions/${id}/terminal`, { cookie: `aegis_key=${viewer}` });
    expect((await ws.f.next('screen')).data).toContain('claude');
    const refused = ws.f.next('error');
    ws.send(JSON.stringify({ type: 'takeover', on: true }));
    expect(await refused).toMatchObject({ code: 'FORBIDDEN' });
    ws.send(JSON.stringify({ type: 'input', data: 'rm -rf /\r' }));
    await ws.f.next('error');
    expect(pane.typed).toEqual([]);
    const who = await app.inject({ method: 'GET', url: '/v1/whoami', headers: { cookie: `aegis_key=${viewer}` } });
    expect(who.json()).toEqual({ role: 'viewer', authRequired: true });
  });
});
