// The server on a PostgreSQL store (AEGIS_DATABASE_URL): sessions, events and queues live in the database, so a
// server restarted with an empty state folder still knows and re-adopts its sessions.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EDGE_CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  startPostgres,
  tempDir,
  type FakeModel,
  type TestPostgres,
} from '@aegis/testkit';
import { openPostgresStorage } from '@aegis/store-postgres';
import { parseConfig } from './config.js';
import { startServer, type RunningServer } from './start.js';

// the oldest and the newest pinned Claude Code
describe.each(EDGE_CLAUDE_VERSIONS)('the server on PostgreSQL (Claude Code %s)', (version) => {
  let pg: TestPostgres;
  let fake: FakeModel;
  let env: Record<string, string | undefined>;
  const socket = `aegis-test-db-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    [pg, fake] = await Promise.all([startPostgres(), startFakeModel()]);
    const configDir = await createClaudeConfigDir({ version });
    env = { ...process.env, ...claudeEnv({ configDir, modelUrl: fake.url }) };
  });
  afterAll(async () => {
    try {
      execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
    } catch {
      /* gone */
    }
    await fake?.close();
    await pg?.stop();
  });

  const start = async (): Promise<RunningServer> => {
    const stateDir = await tempDir('aegis-db-state-');
    const config = parseConfig({
      port: 0,
      host: '127.0.0.1',
      stateDir,
      tmuxSocket: socket,
      claudeBin: claudeBinary(version),
      databaseUrl: pg.url,
      nodeId: 'node-a',
      clusterSecret: 'database-e2e-cluster-secret-0123456789',
      heartbeatMs: 500,
      promptWaitMs: 60_000,
    });
    return startServer(config, { env, logger: false, warn: () => undefined });
  };

  it(
    'a restart with an empty state folder re-adopts the session from the database; it takes a send and its transcript reads',
    { timeout: 180_000 },
    async () => {
      const workDir = await tempDir('aegis-db-work-');
      let server = await start();
      const created = await fetch(`${server.url}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workDir, prompt: 'hello from postgres' }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      await expect
        .poll(() => fake.prompts().some((p) => p.humanText === 'hello from postgres'), { timeout: 60_000 })
        .toBe(true);
      await server.close();

      server = await start(); // a new state folder: only the database remembers
      try {
        const got = await fetch(`${server.url}/v1/sessions/${id}`);
        expect(got.status).toBe(200);
        await expect
          .poll(
            async () => ((await (await fetch(`${server.url}/v1/sessions/${id}`)).json()) as { status: string }).status,
            { timeout: 60_000 },
          )
          .toBe('idle');
        const sent = await fetch(`${server.url}/v1/sessions/${id}/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'still here?' }),
        });
        expect(sent.status).toBe(200);
        const page = await (await fetch(`${server.url}/v1/sessions/${id}/read?kinds=user_prompt`)).json();
        expect(JSON.stringify(page)).toContain('hello from postgres');
      } finally {
        await fetch(`${server.url}/v1/sessions/${id}`, { method: 'DELETE' });
        await server.close();
      }
    },
  );

  it(
    'PostgreSQL away for 20 s: health says so, sends get 503 STORE_UNAVAILABLE, the session keeps running, and what was accepted is written once it is back',
    { timeout: 240_000 },
    async () => {
      const workDir = await tempDir('aegis-db-outage-');
      const server = await start();
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.json()) as any };
      };
      let id = '';
      try {
        id = ((await call('POST', '/v1/sessions', { workDir })).body as { id: string }).id;
        await expect
          .poll(async () => (await call('GET', `/v1/sessions/${id}`)).body.status, { timeout: 60_000 })
          .toBe('idle');

        await pg.pause();
        const down = Date.now();
        // sent at once, before any write failed: accepted and typed into the running session, its records and
        // events kept for later
        const accepted = await call('POST', `/v1/sessions/${id}/send`, { text: 'sent while postgres is away' });
        expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
        await expect
          .poll(async () => (await call('GET', '/v1/health')).body.status, { timeout: 10_000 })
          .toBe('degraded');
        await expect
          .poll(() => fake.prompts().some((p) => p.humanText === 'sent while postgres is away'), { timeout: 60_000 })
          .toBe(true);
        await expect
          .poll(async () => (await call('POST', `/v1/sessions/${id}/send`, { text: 'refused' })).body.code, {
            timeout: 30_000,
          })
          .toBe('STORE_UNAVAILABLE');
        await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - down))));
        await pg.start();

        await expect.poll(async () => (await call('GET', '/v1/health')).body.status, { timeout: 30_000 }).toBe('ok');
        await expect
          .poll(async () => (await call('POST', `/v1/sessions/${id}/send`, { text: 'after the outage' })).status, {
            timeout: 30_000,
          })
          .toBe(200);
        // the delivery made during the outage is in the database's event log
        const store = await openPostgresStorage({ url: pg.url, node: 'node-a' });
        try {
          const delivered = (await store.events.read(0, { sessionId: id })).filter(
            (e) => e.type === 'message.delivered',
          );
          expect(delivered.map((e) => (e.data as { messageId: string | null }).messageId)).toContain(
            accepted.body.messageId,
          );
        } finally {
          await store.close();
        }
        expect(fake.prompts().filter((p) => p.humanText === 'refused')).toEqual([]);
      } finally {
        await call('DELETE', `/v1/sessions/${id}`).catch(() => undefined);
        await server.close();
      }
    },
  );
});
