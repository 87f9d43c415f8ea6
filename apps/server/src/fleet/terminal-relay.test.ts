// A terminal opened on one node for a session of another: two in-process servers, the owner's pane a fake.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionRecord } from '@aegis/core/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../app.js';
import { parseConfig } from '../config.js';
import { FakePane } from '../testing/fake-pane.js';
import { StubManager } from '../testing/stub-manager.js';
import { connectWs, type FramesSocket } from '../testing/ws-client.js';
import type { Fleet, NodeInfo, RemoteSession } from './fleet.js';
import { CLUSTER_SECRET_HEADER, ON_BEHALF_HEADER } from './headers.js';

const SECRET = 'terminal-relay-cluster-secret-0123456789';
const TOKEN = 'node-a-admin-token';

const node = (id: string, url: string, patch: Partial<NodeInfo> = {}): NodeInfo => ({
  id,
  url,
  labels: [],
  sessions: 1,
  load: 0,
  version: '1',
  startedAt: 0,
  heartbeatAgeMs: 100,
  status: 'up',
  ...patch,
});

const stateDir = () => mkdtempSync(join(tmpdir(), 'aegis-relay-test-'));
const remote: Record<string, RemoteSession> = {};
const fleet: Fleet = {
  nodeId: 'a',
  storeError: null,
  leading: true,
  leader: async () => null,
  nodes: async () => [],
  remote: async (id) => remote[id] ?? null,
  remoteSessions: async () => Object.values(remote),
  events: { subscribe: () => () => undefined, lastId: 0 },
  forward: async () => {
    throw new Error('not in this test');
  },
  forget: async () => null,
};

let a: FastifyInstance; // the node the client talks to
let b: FastifyInstance; // the owner
let aBase = '';
let id = '';
const pane = new FakePane();
const sockets: FramesSocket[] = [];

beforeAll(async () => {
  const owner = new StubManager();
  b = await buildServer({
    manager: owner,
    terminal: pane,
    webRoot: null,
    config: parseConfig({ stateDir: stateDir(), clusterSecret: SECRET, authToken: 'node-b-token' }),
  });
  const bUrl = await b.listen({ port: 0, host: '127.0.0.1' });
  id = (await owner.create({ workDir: '/tmp' })).session.id;
  const up = node('b', bUrl);
  remote[id] = { nodeId: 'b', owner: up, record: sessionRecord(id) };
  remote['gone-on-b'] = { nodeId: 'b', owner: up, record: sessionRecord('gone-on-b') };
  remote['on-down'] = {
    nodeId: 'c',
    owner: node('c', 'http://127.0.0.1:1', { status: 'down' }),
    record: sessionRecord('on-down'),
  };
  remote['on-closed-port'] = {
    nodeId: 'd',
    owner: node('d', 'http://127.0.0.1:1'),
    record: sessionRecord('on-closed-port'),
  };
  remote['on-metadata'] = {
    nodeId: 'e',
    owner: node('e', 'http://169.254.169.254'),
    record: sessionRecord('on-metadata'),
  };
  remote.ended = { nodeId: 'b', owner: up, record: sessionRecord('ended', { endedAt: 5 }) };
  a = await buildServer({
    manager: new StubManager(),
    terminal: new FakePane(),
    webRoot: null,
    fleet,
    config: parseConfig({ stateDir: stateDir(), clusterSecret: SECRET, authToken: TOKEN }),
  });
  aBase = (await a.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
});
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

async function open(session: string, key = TOKEN): Promise<FramesSocket> {
  const ws = await connectWs(`${aBase}/v1/sessions/${session}/terminal`, { authorization: `Bearer ${key}` });
  sockets.push(ws);
  return ws;
}

describe("a terminal carried to the session's owner", () => {
  it("pipes the owner's frames to the client and the client's keystrokes to the owner", async () => {
    pane.screen = 'on node b\n';
    const ws = await open(id);
    expect(await ws.f.next('size')).toEqual({ type: 'size', cols: 80, rows: 24 });
    expect((await ws.f.next('screen')).data).toContain('on node b');
    const next = ws.f.next('screen');
    pane.set('on node b\nchanged\n');
    expect((await next).data).toContain('changed');
    ws.send(JSON.stringify({ type: 'takeover', on: true }));
    ws.send(JSON.stringify({ type: 'input', data: 'ls\r' }));
    await expect.poll(() => pane.typed).toEqual([{ text: 'ls' }, { keys: ['Enter'] }]);
    // the client leaves: the owner stops watching its pane
    ws.close();
    await expect.poll(() => pane.watchers).toBe(0);
  });

  it("the owner applies the caller's role again: a viewer watches but cannot type", async () => {
    const made = await a.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { name: 'watcher', role: 'viewer' },
    });
    const ws = await open(id, made.json().key as string);
    await ws.f.next('screen');
    const refused = ws.f.next('error');
    ws.send(JSON.stringify({ type: 'takeover', on: true }));
    expect(await refused).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("the owner's end reaches the client: its closed frame, its close, and a broken connection", async () => {
    const ws = await open(id);
    await ws.f.next('screen');
    const closed = ws.f.next('closed');
    pane.close();
    expect(await closed).toEqual({ type: 'closed', reason: 'window-closed' });
    for (const s of b.websocketServer.clients) s.close(4000, 'bye');
    expect(await ws.closed).toBe(4000);

    const cut = await open(id);
    await cut.f.next('screen');
    for (const s of b.websocketServer.clients) s.terminate();
    expect(await cut.f.next('error')).toMatchObject({
      code: 'NODE_UNREACHABLE',
      message: expect.stringMatching(/broke/),
    });
    expect(await cut.closed).toBe(1011);
  });

  it('a node that is down, refuses connections or is not allowed by the URL policy: an error frame and a close', async () => {
    for (const [session, why] of [
      ['on-down', /which is down/],
      ['on-closed-port', /ECONNREFUSED/],
      ['on-metadata', /never allowed/],
    ] as const) {
      const ws = await open(session);
      expect(await ws.f.next('error')).toMatchObject({ code: 'NODE_UNREACHABLE', message: expect.stringMatching(why) });
      expect(await ws.closed).toBe(1011);
    }
  });

  it("the owner's refusal reaches the client as it gave it", async () => {
    const ws = await open('gone-on-b');
    expect(await ws.f.next('error')).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await ws.closed;
  });

  it('an ended session is refused before the upgrade; a carried request is never carried again', async () => {
    await expect(open('ended')).rejects.toThrow(/refused: 410/);
    const carried = connectWs(`${aBase}/v1/sessions/${id}/terminal`, {
      [CLUSTER_SECRET_HEADER]: SECRET,
      [ON_BEHALF_HEADER]: JSON.stringify({ name: 'x via z', role: 'admin' }),
    });
    await expect(carried).rejects.toThrow(/refused: 404/);
  });
});
