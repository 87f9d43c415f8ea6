// Three Aegis nodes on loopback (own ports, tmux sockets and state folders: three simulated hosts) sharing one real
// PostgreSQL, the real Claude Code and the scripted model: one API on every node, placement, a node's death and return.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  EDGE_CLAUDE_VERSIONS,
  startFakeModel,
  startPostgres,
  tempDir,
  text,
  toolUse,
  write,
  type FakeModel,
  type TestPostgres,
} from '@aegis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  faultEnv,
  killTmux,
  received,
  spawnServer,
  stopServer,
  type Api,
  type FaultEnv,
  type ServerProcess,
} from '../testing/fault-harness.js';
import { connectSse, type SseClient } from '../testing/sse-client.js';
import { connectWs } from '../testing/ws-client.js';

const SECRET = 'fleet-e2e-cluster-secret-0123456789abcdef';
const NAMES = ['a', 'b', 'c'] as const;
type Name = (typeof NAMES)[number];

// the oldest and the newest pinned Claude Code (each run starts its own PostgreSQL and three nodes: ~1 min)
describe.each(EDGE_CLAUDE_VERSIONS)('a fleet of three nodes on PostgreSQL, Claude Code %s', (VERSION) => {
  let pg: TestPostgres;
  let fake: FakeModel;
  const envs = {} as Record<Name, FaultEnv>;
  const servers = {} as Record<Name, ServerProcess>;
  const apis = {} as Record<Name, Api>;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    [pg, fake] = await Promise.all([startPostgres(), startFakeModel()]);
    // `FLEETWRITE <file> <word>`: Claude's Write tool (a permission prompt) puts <word> into <cwd>/<file>
    fake.script((ctx) => {
      const m = /FLEETWRITE (\S+) (\S+)/.exec(ctx.humanText ?? '');
      if (!m || ctx.kind !== 'prompt') return undefined;
      return ctx.step === 0
        ? toolUse(`Writing ${m[1]}.`, write(join(ctx.cwd ?? '/nonexistent', m[1]!), `${m[2]}\n`))
        : text(`Wrote ${m[1]}.`);
    });
    for (const n of NAMES) {
      envs[n] = await faultEnv(VERSION, fake, `fleet-${n}`, {
        databaseUrl: pg.url,
        nodeId: `node-${n}`,
        clusterSecret: SECRET,
        heartbeatMs: 500,
        promptWaitMs: 60_000,
      });
      apis[n] = api(() => servers[n].url);
    }
    // one at a time: the first migrates, the others find the schema current
    for (const n of NAMES) servers[n] = await spawnServer(envs[n]);
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const n of NAMES) {
      await stopServer(servers[n]);
      if (envs[n]) killTmux(envs[n].socket);
    }
    await fake?.close();
    await pg?.stop();
  }, 60_000);

  it(
    'runs a pipeline on one scheduler with its stages spread over the nodes, and survives the death of that scheduler',
    { timeout: 300_000 },
    async () => {
      const { a, b, c } = apis;
      expect((await c.call('GET', '/v1/nodes')).body.leader).toBe('node-a'); // the first to join leads
      const workDir = await tempDir('aegis-fleet-pipeline-');
      const stage = (n: number) => ({ name: `s${n}`, prompt: `FLEETWRITE stage${n}.txt done${n}`, retries: 2 });
      const made = await c.call('POST', '/v1/pipelines', {
        name: 'spread',
        workDir,
        concurrency: 3,
        stages: [1, 2, 3].map(stage),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const pid = made.body.id as string;

      type Stage = { name: string; status: string; sessionId: string | null };
      const stages = async (api: Api) => (await api.call('GET', `/v1/pipelines/${pid}`)).body.stages as Stage[];
      const nodeOf = async (api: Api, id: string) => (await api.call('GET', `/v1/sessions/${id}`)).body.node as string;
      // every stage waits at its Write permission prompt: each on another node (the least busy one)
      await expect.poll(async () => (await stages(b)).filter((s) => s.sessionId).length, { timeout: 60_000 }).toBe(3);
      const placed = await Promise.all((await stages(b)).map((s) => nodeOf(b, s.sessionId!)));
      expect(new Set(placed)).toEqual(new Set(['node-a', 'node-b', 'node-c']));

      // the scheduler dies: another node takes over within 10 s and carries on
      servers.a.child.kill('SIGKILL');
      await servers.a.exited;
      const died = Date.now();
      await expect
        .poll(async () => (await b.call('GET', '/v1/nodes')).body.leader, { timeout: 15_000, interval: 250 })
        .not.toBe('node-a');
      expect(Date.now() - died).toBeLessThan(10_000);

      // approve every stage that asks (the one on the dead node fails and is retried on a live one) until it succeeds
      await expect
        .poll(
          async () => {
            const p = (await c.call('GET', `/v1/pipelines/${pid}`)).body as { status: string; stages: Stage[] };
            for (const s of p.stages.filter((x) => x.sessionId && x.status === 'running')) {
              const detail = (await c.call('GET', `/v1/sessions/${s.sessionId}`)).body as { status: string };
              if (detail.status === 'permission_prompt')
                await c.call('POST', `/v1/sessions/${s.sessionId}/approve`, {});
            }
            return p.status;
          },
          { timeout: 180_000, interval: 1000 },
        )
        .toBe('succeeded');
      for (const n of [1, 2, 3]) expect(existsSync(join(workDir, `stage${n}.txt`))).toBe(true);

      // the old scheduler returns as a follower
      servers.a = await spawnServer(envs.a);
      expect((await a.call('GET', '/v1/nodes')).body.leader).not.toBe('node-a');
    },
  );

  it('places, lists, forwards, streams and survives the death of the owning node', { timeout: 300_000 }, async () => {
    const { a, b, c } = apis;
    expect((await c.call('GET', '/v1/nodes')).body.nodes.map((n: { id: string; status: string }) => n.status)).toEqual([
      'up',
      'up',
      'up',
    ]);

    // C's stream of every node's events, from now on
    const all = await connectSse(`${servers.c.url}/v1/events`);
    clients.push(all);
    const snapshot = JSON.parse((await all.next((f) => f.event === 'state')).data) as { lastEventId: number };

    // created through A, pinned to B
    const workDir = await tempDir('aegis-fleet-work-');
    const created = await a.call('POST', '/v1/sessions', { workDir, prompt: 'hello fleet', node: 'node-b' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(created.body.node).toBe('node-b');
    expect(created.body.promptDelivery.delivered).toBe(true);

    // listed by C; read through C (carried to B)
    const listed = (await c.call('GET', '/v1/sessions')).body.sessions.find((s: { id: string }) => s.id === id);
    expect(listed.node).toBe('node-b');
    await c.until(id, 'idle');

    // its terminal opened on C is carried to B: the size, then the screen
    const terminal = await connectWs(`${servers.c.url.replace('http', 'ws')}/v1/sessions/${id}/terminal`);
    expect(await terminal.f.next('size')).toMatchObject({ cols: expect.any(Number), rows: expect.any(Number) });
    expect(String((await terminal.f.next('screen')).data).length).toBeGreaterThan(0);
    terminal.close();

    // a send through C reaches the model once
    const sent = await c.call('POST', `/v1/sessions/${id}/send`, { text: 'sent through node c' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await expect.poll(() => received(fake, 'sent through node c').length, { timeout: 60_000 }).toBe(1);
    await c.until(id, 'idle');

    // a permission prompt answered through A
    expect((await c.call('POST', `/v1/sessions/${id}/send`, { text: 'FLEETWRITE fleet.txt approved' })).status).toBe(
      200,
    );
    await a.until(id, 'permission_prompt');
    const approved = await a.call('POST', `/v1/sessions/${id}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await a.until(id, 'idle');
    expect(existsSync(join(workDir, 'fleet.txt'))).toBe(true);

    // C saw the session's events in order, with no gap in the fleet's global order
    await all.next((f) => f.event === 'session.status' && f.data.includes('"to":"idle"') && Number(f.id) > 0);
    const ids = () => all.frames.filter((f) => f.id !== null).map((f) => Number(f.id));
    expect(ids()).toEqual(Array.from({ length: ids().length }, (_, i) => snapshot.lastEventId + i + 1));
    const ofSession = all.frames.filter((f) => f.id !== null && f.data.includes(`"sessionId":"${id}"`));
    expect(ofSession.map((f) => f.event)).toContain('session.created');

    // reconnecting to A with Last-Event-ID misses nothing C saw after that id
    const middle = ofSession[Math.floor(ofSession.length / 2)]!;
    const resumed = await connectSse(`${servers.a.url}/v1/events`, { 'last-event-id': middle.id! });
    clients.push(resumed);
    const after = ids().filter((n) => n > Number(middle.id));
    await resumed.next((f) => f.id === String(after.at(-1)));
    expect(
      resumed.frames.filter((f) => f.id !== null && Number(f.id) <= after.at(-1)!).map((f) => Number(f.id)),
    ).toEqual(after);

    // node B dies: its session reads `unreachable` within 10 s, actions on it fail at once
    servers.b.child.kill('SIGKILL');
    await servers.b.exited;
    const died = Date.now();
    await a.until(id, 'unreachable', 15_000);
    expect(Date.now() - died).toBeLessThan(12_000);
    const t0 = Date.now();
    const refused = await a.call('POST', `/v1/sessions/${id}/send`, { text: 'while b is down' });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('NODE_UNREACHABLE');
    expect(Date.now() - t0).toBeLessThan(1000);
    const listedDown = (await c.call('GET', '/v1/sessions?status=unreachable')).body.sessions.map(
      (s: { id: string }) => s.id,
    );
    expect(listedDown).toContain(id);

    // node B returns: the session is live again, a send works, and C's stream has no gap
    servers.b = await spawnServer(envs.b);
    await a.until(id, 'idle');
    const again = await a.call('POST', `/v1/sessions/${id}/send`, { text: 'after the restart of b' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await expect.poll(() => received(fake, 'after the restart of b').length, { timeout: 60_000 }).toBe(1);
    await b.until(id, 'idle');
    await expect.poll(() => ids().at(-1), { timeout: 10_000 }).toBeGreaterThan(Number(after.at(-1)));
    expect(ids()).toEqual(Array.from({ length: ids().length }, (_, i) => snapshot.lastEventId + i + 1));

    expect((await b.call('DELETE', `/v1/sessions/${id}`)).status).toBe(200);
  });

  it(
    'PostgreSQL away for 20 s: the owner keeps its session running and what it accepted, the fleet comes back by itself',
    { timeout: 180_000 },
    async () => {
      const { b, c } = apis;
      const workDir = await tempDir('aegis-fleet-outage-');
      const created = await c.call('POST', '/v1/sessions', { workDir, node: 'node-b' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      await b.until(id, 'idle');

      await pg.pause();
      const down = Date.now();
      // the owner takes a send at once (its session runs in its tmux): kept, and written when the database is back
      const accepted = await b.call('POST', `/v1/sessions/${id}/send`, { text: 'sent during the fleet outage' });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      await expect.poll(() => received(fake, 'sent during the fleet outage').length, { timeout: 60_000 }).toBe(1);
      // another node cannot know where the session runs: it says why instead of guessing
      await expect
        .poll(async () => (await c.call('GET', '/v1/health')).body.status, { timeout: 10_000 })
        .toBe('degraded');
      expect((await c.call('GET', `/v1/sessions/${id}`)).body.code).toBe('STORE_UNAVAILABLE');
      await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - down))));
      await pg.start();

      // every node heartbeats again, the session is reachable through any node, and a send through another node works
      await expect
        .poll(async () => (await c.call('GET', '/v1/nodes')).body.nodes?.map((n: { status: string }) => n.status), {
          timeout: 30_000,
        })
        .toEqual(['up', 'up', 'up']);
      await expect
        .poll(async () => (await c.call('GET', `/v1/sessions/${id}`)).body.status, { timeout: 30_000 })
        .toBe('idle');
      // the owner's kept writes land within its next retry (each second); until then it refuses new sends
      await expect
        .poll(
          async () => (await c.call('POST', `/v1/sessions/${id}/send`, { text: 'through c after the outage' })).status,
          {
            timeout: 15_000,
          },
        )
        .toBe(200);
      await expect.poll(() => received(fake, 'through c after the outage').length, { timeout: 60_000 }).toBe(1);
      expect(received(fake, 'sent during the fleet outage').length).toBe(1);
      expect((await b.call('DELETE', `/v1/sessions/${id}`)).status).toBe(200);
    },
  );

  it('keeps API keys and the audit trail in the database: a key made on one node works on every node', async () => {
    const { a } = apis;
    const made = await a.call('POST', '/v1/keys', { name: 'fleet-ci', role: 'admin' });
    expect(made.status).toBe(201);
    const onC = (headers: Record<string, string>) => fetch(`${servers.c.url}/v1/audit?limit=500`, { headers });
    // every node checks keys against the ones it read at most 2 s ago
    await expect.poll(async () => (await onC({})).status, { timeout: 5000 }).toBe(401);
    const trail = await onC({ authorization: `Bearer ${made.body.key}` });
    expect(trail.status).toBe(200);
    const entries = ((await trail.json()) as { entries: { route: string }[] }).entries;
    // C's trail holds the calls made through A (the approve of the first test went through A)
    expect(entries.some((e) => e.route === '/v1/sessions/:id/approve')).toBe(true);
  });
});
