import { describe, expect, it } from 'vitest';
import { useFakeServer } from '../testing/fake-server.js';
import { cli } from '../testing/run-cli.js';

const fakeServer = useFakeServer();

describe('nodes', () => {
  it('nodes forget <id> deletes the node and prints the sessions that ended; a live node is refused', async () => {
    const { env, requests } = await fakeServer((_method, url) =>
      url.endsWith('/node-b')
        ? [200, { node: 'node-b', endedSessions: ['s1', 's2'] }]
        : [409, { code: 'NODE_UP', message: 'node "node-c" still heartbeats: stop it first', requestId: '1' }],
    );
    const r = await cli(['nodes', 'forget', 'node-b'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('forgot node node-b; 2 session(s) ended: s1 s2\n');
    const refused = await cli(['nodes', 'forget', 'node-c'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('NODE_UP');
    expect(requests).toEqual([
      ['DELETE', '/v1/nodes/node-b', undefined],
      ['DELETE', '/v1/nodes/node-c', undefined],
    ]);
  });

  it('nodes lists the fleet', async () => {
    const node = { id: 'a', url: 'http://h:1', labels: [], sessions: 2, load: 0.5, version: '1', startedAt: 0 };
    const { env } = await fakeServer(() => [
      200,
      { self: 'a', leader: 'a', nodes: [{ ...node, heartbeatAgeMs: 500, status: 'up' }] },
    ]);
    const r = await cli(['nodes'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('a *');
  });
});
