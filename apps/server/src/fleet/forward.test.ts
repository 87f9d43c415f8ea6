// The fleet's one API, on fakes: what a node carries to another, what it answers itself, and how it places creates.
import { storedSessionInfo } from '@aegis/core';
import { sessionRecord } from '@aegis/core/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/stub-manager.js';
import type { Fleet, ForwardedResponse, ForwardRequest, NodeInfo, RemoteSession } from './fleet.js';
import { CLUSTER_SECRET_HEADER, ON_BEHALF_HEADER } from './headers.js';
import { placeSession } from './placement.js';

const node = (id: string, patch: Partial<NodeInfo> = {}): NodeInfo => ({
  id,
  url: `http://127.0.0.1:1${id.length}`,
  labels: [],
  sessions: 0,
  load: 0,
  version: '1',
  startedAt: 0,
  heartbeatAgeMs: 100,
  status: 'up',
  ...patch,
});

const SECRET = 'a-cluster-secret-of-at-least-32-characters';
const nodes = [node('a', { sessions: 3 }), node('b', { sessions: 1, labels: ['gpu'] }), node('c', { status: 'down' })];
const remote: Record<string, RemoteSession> = {
  's-b': { nodeId: 'b', owner: nodes[1]!, record: sessionRecord('s-b', { status: 'idle' }) },
  's-c': { nodeId: 'c', owner: nodes[2]!, record: sessionRecord('s-c', { status: 'idle' }) },
};
const carried: { node: string; request: ForwardRequest }[] = [];
const fleet: Fleet = {
  nodeId: 'a',
  storeError: null,
  leading: true,
  leader: async () => nodes[0]!,
  nodes: async () => nodes,
  forget: async (id) => (id === 'c' ? { endedSessions: ['s-c'] } : nodes.some((n) => n.id === id) ? 'up' : null),
  remote: async (id) => remote[id] ?? null,
  remoteSessions: async () => Object.values(remote),
  events: { subscribe: () => () => undefined, lastId: 0 },
  forward: async (n, request): Promise<ForwardedResponse> => {
    carried.push({ node: n.id, request });
    if (request.url === '/v1/sessions/batch') {
      const items = (request.body as { sessions: unknown[] }).sessions;
      const sessions = items.map((_, index) => ({
        index,
        ok: true,
        session: {
          ...storedSessionInfo(sessionRecord(`${n.id}-${index}`)),
          node: n.id,
          reused: false,
          promptDelivery: null,
        },
      }));
      return { status: 201, headers: {}, body: Buffer.from(JSON.stringify({ sessions })) };
    }
    return {
      status: 200,
      headers: { 'x-aegis-node': n.id, 'content-type': 'application/json' },
      body: Buffer.from('{"carried":true}'),
    };
  },
};

let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await testApp({ clusterSecret: SECRET }, undefined, { fleet }));
});
afterAll(async () => app?.close());

describe('one API on every node', () => {
  it("carries an action on another node's session to its owner, with the caller", async () => {
    carried.length = 0;
    const r = await app.inject({ method: 'POST', url: '/v1/sessions/s-b/send', payload: { text: 'hi' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ carried: true });
    expect(r.headers['x-aegis-node']).toBe('b');
    expect(carried).toMatchObject([
      {
        node: 'b',
        request: {
          method: 'POST',
          url: '/v1/sessions/s-b/send',
          principal: { name: 'anonymous via a', role: 'admin' },
        },
      },
    ]);
    expect((carried[0]!.request.body as { text: string }).text).toBe('hi');
  });

  it('refuses bad input where it arrived, without carrying it', async () => {
    carried.length = 0;
    const r = await app.inject({ method: 'POST', url: '/v1/sessions/s-b/send', payload: { nope: 1 } });
    expect(r.statusCode).toBe(400);
    expect(carried).toEqual([]);
  });

  it('answers 503 NODE_UNREACHABLE at once for a down node; its session reads unreachable, never a stale idle', async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/sessions/s-c/interrupt', payload: {} });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ code: 'NODE_UNREACHABLE', details: { node: 'c' } });
    const read = await app.inject({ method: 'GET', url: '/v1/sessions/s-c' });
    expect(read.json()).toMatchObject({ id: 's-c', status: 'unreachable', node: 'c' });
    const list = await app.inject({ method: 'GET', url: '/v1/sessions' });
    expect(
      list.json().sessions.map((s: { id: string; status: string; node: string }) => [s.id, s.status, s.node]),
    ).toEqual(
      expect.arrayContaining([
        ['s-b', 'idle', 'b'],
        ['s-c', 'unreachable', 'c'],
      ]),
    );
  });

  it('places a create: pinned, by labels, refused when nothing matches', async () => {
    carried.length = 0;
    const pinned = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { workDir: '/tmp', node: 'b' } });
    expect(pinned.statusCode).toBe(200);
    expect(carried.map((c) => c.node)).toEqual(['b']);
    const gpu = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { workDir: '/tmp', labels: ['gpu'] },
    });
    expect(gpu.headers['x-aegis-node']).toBe('b');
    const none = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { workDir: '/tmp', labels: ['tpu'] },
    });
    expect(none.json()).toMatchObject({ code: 'NO_NODE_AVAILABLE' });
    const down = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { workDir: '/tmp', node: 'c' } });
    expect(down.json()).toMatchObject({ code: 'NODE_UNREACHABLE' });
    const unknown = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { workDir: '/tmp', node: 'zz' } });
    expect(unknown.statusCode).toBe(404);
  });

  it('spreads a burst of creates: those still under way count for the node they were placed on', async () => {
    const spread: string[] = [];
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    const burst: Fleet = {
      ...fleet,
      nodes: async () => [node('a'), node('b'), node('c')],
      forward: async (n) => {
        spread.push(n.id);
        await answered; // every carried create is still under way when the next one is placed
        return { status: 201, headers: {}, body: Buffer.from('{}') };
      },
    };
    const { app: a } = await testApp({ clusterSecret: SECRET }, undefined, { fleet: burst });
    try {
      const creates = [1, 2, 3, 4].map((i) =>
        a.inject({ method: 'POST', url: '/v1/sessions', payload: { workDir: '/tmp', name: `s${i}` } }),
      );
      await expect.poll(() => spread.length).toBe(2);
      answer();
      const codes = (await Promise.all(creates)).map((r) => r.statusCode);
      expect(codes.every((c) => c === 200 || c === 201)).toBe(true);
      // a, b, c, then a tie that this node wins; without the count under way all four would have stayed here
      expect(spread.sort()).toEqual(['b', 'c']);
    } finally {
      await a.close();
    }
  });

  it('takes a carried request only with the cluster secret, as the role of the original caller', async () => {
    const as = (secret: string, role: string) => ({
      [CLUSTER_SECRET_HEADER]: secret,
      [ON_BEHALF_HEADER]: JSON.stringify({ name: 'alice via b', role }),
    });
    const { app: locked } = await testApp({ clusterSecret: SECRET, authToken: 'root' }, undefined, { fleet });
    try {
      expect((await locked.inject({ method: 'GET', url: '/v1/nodes', headers: as('wrong', 'admin') })).statusCode).toBe(
        401,
      );
      expect((await locked.inject({ method: 'GET', url: '/v1/nodes', headers: as(SECRET, 'viewer') })).statusCode).toBe(
        200,
      );
      const kill = await locked.inject({ method: 'GET', url: '/v1/keys', headers: as(SECRET, 'viewer') });
      expect(kill.statusCode).toBe(403);
    } finally {
      await locked.close();
    }
  });
});

describe('forgetting a node', () => {
  it('forgets a node that is down (its sessions end), refuses one that is up or this one, 404 for a stranger', async () => {
    const forget = (id: string) => app.inject({ method: 'DELETE', url: `/v1/nodes/${id}` });
    const down = await forget('c');
    expect(down.statusCode).toBe(200);
    expect(down.json()).toEqual({ node: 'c', endedSessions: ['s-c'] });
    expect((await forget('b')).json()).toMatchObject({ code: 'NODE_UP', details: { node: 'b' } });
    expect((await forget('a')).statusCode).toBe(409);
    expect((await forget('zz')).json()).toMatchObject({ code: 'NODE_NOT_FOUND' });
  });

  it('a server alone is a fleet of one: nothing else to forget', async () => {
    const { app: alone } = await testApp({});
    try {
      const r = await alone.inject({ method: 'DELETE', url: '/v1/nodes/b' });
      expect(r.json()).toMatchObject({ code: 'NODE_NOT_FOUND' });
    } finally {
      await alone.close();
    }
  });

  it('needs the admin role', async () => {
    const { app: locked } = await testApp({ clusterSecret: SECRET, authToken: 'root' }, undefined, { fleet });
    try {
      const as = {
        [CLUSTER_SECRET_HEADER]: SECRET,
        [ON_BEHALF_HEADER]: JSON.stringify({ name: 'op', role: 'operator' }),
      };
      expect((await locked.inject({ method: 'DELETE', url: '/v1/nodes/c', headers: as })).statusCode).toBe(403);
    } finally {
      await locked.close();
    }
  });
});

describe('a batch over the fleet', () => {
  it('places each item, creates this node’s share here, carries each other node’s share as one batch, keeps the order', async () => {
    carried.length = 0;
    const r = await app.inject({
      method: 'POST',
      url: '/v1/sessions/batch',
      payload: {
        sessions: [
          { workDir: '/tmp', node: 'a' },
          { workDir: '/tmp', labels: ['gpu'] },
          { workDir: '/tmp', node: 'c' },
          { workDir: '/tmp', node: 'b' },
        ],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body.sessions.map((s: { index: number; ok: boolean }) => [s.index, s.ok])).toEqual([
      [0, true],
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(body.sessions[0].session.node).toBe('a');
    expect(body.sessions[2].error.code).toBe('NODE_UNREACHABLE');
    expect(
      body.sessions
        .slice(1, 4)
        .filter((s: { ok: boolean }) => s.ok)
        .map((s: { session: { id: string } }) => s.session.id),
    ).toEqual(['b-0', 'b-1']);
    expect(carried.map((c) => [c.node, (c.request.body as { sessions: unknown[] }).sessions.length])).toEqual([
      ['b', 2],
    ]);
    expect(body).toMatchObject({ created: 3, failed: 1 });
  });
});

describe('the fleet in /metrics', () => {
  it("shows each node's heartbeat age and whether it is up", async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('aegis_node_heartbeat_age_seconds{node="b"} 0.1');
    expect(text).toContain('aegis_node_up{node="c"} 0');
  });
});

describe('placement', () => {
  it('picks the live node with the fewest sessions, this node on a tie', () => {
    expect(placeSession(nodes, {}, 'a').id).toBe('b');
    const tied = [node('x', { sessions: 1 }), node('y', { sessions: 1 })];
    expect(placeSession(tied, {}, 'y').id).toBe('y');
    expect(placeSession(tied, {}, 'z').id).toBe('x');
  });
});
