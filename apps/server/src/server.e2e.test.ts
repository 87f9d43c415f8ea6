import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, DEFAULT_TEXT, tempDir, type FakeModel } from '@aegis/testkit';
import type { RunningServer } from './start.js';
import { sessionWaits, startRealServer, type RealServer } from './testing/real-server.js';
import { connectSse, type SseClient } from './testing/sse-client.js';

const TOKEN = 'e2e-token';

function tmuxWindows(socket: string): string[] {
  try {
    return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'list-windows', '-a', '-F', '#{window_id}'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

describe.each(CLAUDE_VERSIONS)('Claude Code %s through the REST API on 127.0.0.1', (version) => {
  let real: RealServer | undefined;
  let fake: FakeModel;
  let server: RunningServer;
  const socket = `aegis-test-server-${version.replace(/\./g, '_')}-${process.pid}`;
  const clients: SseClient[] = [];

  const call: RealServer['call'] = (...a) => real!.call(...a);
  const { until } = sessionWaits(call);
  const humanTexts = () => fake.prompts().map((p) => p.humanText);

  beforeAll(async () => {
    real = await startRealServer({ version, socket, token: TOKEN, config: { promptWaitMs: 60_000 } });
    ({ fake, server } = real);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await real?.stop();
  });

  it('Quick Start: create with a prompt, send a follow-up, read the reply; reuse the idle workDir', async () => {
    const workDir = await tempDir('aegis-server-qs-');
    const created = await call('POST', '/v1/sessions', { workDir, prompt: 'hello over http' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ workDir, reused: false, promptDelivery: { delivered: true, pending: false } });
    const id = created.body.id as string;
    await until(id, 'idle');
    const sent = await call('POST', `/v1/sessions/${id}/send`, { text: 'a follow-up over http' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ delivered: true });
    await until(id, 'idle');
    expect(humanTexts().filter((t) => t === 'hello over http')).toHaveLength(1);
    expect(humanTexts().filter((t) => t === 'a follow-up over http')).toHaveLength(1);
    await expect
      .poll(
        async () =>
          (await call('GET', `/v1/sessions/${id}/read?kinds=assistant_text`)).body.entries.map(
            (e: { text: string }) => e.text,
          ),
        { timeout: 15_000 },
      )
      .toEqual([DEFAULT_TEXT, DEFAULT_TEXT]);
    const again = await call('GET', `/v1/sessions/${id}/read?kinds=assistant_text`);
    expect(again.body.entries).toHaveLength(2); // never consuming
    const reused = await call('POST', '/v1/sessions', { workDir });
    expect(reused.status).toBe(200);
    expect(reused.body).toMatchObject({ id, reused: true });
    expect((await call('GET', `/v1/sessions/${id}/pane`)).body.pane).toContain('fake model');
    expect((await call('GET', `/v1/sessions/${id}/health`)).body).toMatchObject({
      alive: true,
      windowExists: true,
      status: 'idle',
    });
    expect((await call('GET', `/v1/sessions/${id}/summary`)).body).toMatchObject({
      sessionId: id,
      lastAssistantText: DEFAULT_TEXT,
    });
    const listed = (await call('GET', `/v1/sessions?status=idle`)).body.sessions.map((x: { id: string }) => x.id);
    expect(listed).toContain(id);
  });

  it("answers Claude's question by option id", async () => {
    const workDir = await tempDir('aegis-server-ask-');
    const { body } = await call('POST', '/v1/sessions', {
      workDir,
      prompt: 'KWASK please',
      reuse: false,
      promptWaitMs: 0,
    });
    await until(body.id, 'asking');
    const detail = (await call('GET', `/v1/sessions/${body.id}`)).body;
    expect(detail.pendingQuestion).not.toBeNull();
    expect(detail.actionHints.answer.url).toBe(`/v1/sessions/${body.id}/answer`);
    const r = await call('POST', `/v1/sessions/${body.id}/answer`, { options: [['blue']] });
    expect(r.status).toBe(200);
    await until(body.id, 'idle');
    await expect
      .poll(async () => (await call('GET', `/v1/sessions/${body.id}/summary`)).body.lastAssistantText ?? '', {
        timeout: 15_000,
      })
      .toMatch(/Thanks for the answer.*Blue/s);
    await call('DELETE', `/v1/sessions/${body.id}`);
  });

  it('approve runs the Bash command, reject does not; approve without a prompt is 409', async () => {
    for (const action of ['approve', 'reject'] as const) {
      const workDir = await tempDir(`aegis-server-${action}-`);
      const { body } = await call('POST', '/v1/sessions', { workDir, prompt: `KWBASH ${action}`, reuse: false });
      await until(body.id, 'permission_prompt');
      const detail = (await call('GET', `/v1/sessions/${body.id}`)).body;
      expect(detail.actionHints.approve.url).toBe(`/v1/sessions/${body.id}/approve`);
      expect(detail.pendingPermission).not.toBeNull();
      const r = await call('POST', `/v1/sessions/${body.id}/${action}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ action, sent: true });
      await until(body.id, 'idle');
      expect(existsSync(join(workDir, 'out.txt'))).toBe(action === 'approve');
      const late = await call('POST', `/v1/sessions/${body.id}/approve`);
      expect(late.status).toBe(409);
      expect(late.body.code).toMatch(/NOT_IN_DIALOG|ALREADY_ANSWERED/);
      await call('DELETE', `/v1/sessions/${body.id}`);
    }
  });

  it('interrupt during a slow answer returns to idle', async () => {
    const workDir = await tempDir('aegis-server-int-');
    const { body } = await call('POST', '/v1/sessions', { workDir, prompt: 'KWSLOW20', reuse: false, promptWaitMs: 0 });
    await until(body.id, 'working');
    expect((await call('POST', `/v1/sessions/${body.id}/interrupt`)).body).toMatchObject({ sent: true });
    await until(body.id, 'idle', 20_000);
    await call('DELETE', `/v1/sessions/${body.id}`);
  });

  it('delete (an admin key) kills the window, and the audit log names the key; a second delete is 404, actions are 410', async () => {
    const workDir = await tempDir('aegis-server-del-');
    const ops = (await call('POST', '/v1/keys', { name: 'ops', role: 'operator' })).body.key as string;
    const boss = (await call('POST', '/v1/keys', { name: 'boss', role: 'admin' })).body.key as string;
    const { body } = await call('POST', '/v1/sessions', { workDir, reuse: false }, ops);
    await until(body.id, 'idle');
    expect(tmuxWindows(socket)).toContain(body.windowId);
    expect((await call('DELETE', `/v1/sessions/${body.id}`, undefined, ops)).status).toBe(403);
    expect(tmuxWindows(socket)).toContain(body.windowId);
    expect((await call('DELETE', `/v1/sessions/${body.id}`, undefined, boss)).body).toEqual({ ok: true });
    const audit = (await call('GET', `/v1/audit?session=${body.id}`)).body.entries as {
      key: string;
      method: string;
      status: number;
    }[];
    expect(audit.map((e) => `${e.key} ${e.method} ${e.status}`)).toEqual([
      'boss DELETE 200',
      'ops DELETE 403',
      'ops POST 201',
    ]);
    expect(tmuxWindows(socket)).not.toContain(body.windowId);
    expect((await call('DELETE', `/v1/sessions/${body.id}`)).status).toBe(404);
    expect((await call('POST', `/v1/sessions/${body.id}/send`, { text: 'x' })).status).toBe(410);
    expect((await call('GET', `/v1/sessions/${body.id}`)).body.status).toBe('exited');
  });

  it('SSE sees working → idle; after a server restart Last-Event-ID replays exactly the missed events', async () => {
    const workDir = await tempDir('aegis-server-sse-');
    const { body } = await call('POST', '/v1/sessions', { workDir, reuse: false });
    const id = body.id as string;
    await until(id, 'idle');
    const c1 = await connectSse(`${server.url}/v1/sessions/${id}/events?token=${TOKEN}`);
    clients.push(c1);
    expect(JSON.parse((await c1.next((f) => f.event === 'state')).data).session.id).toBe(id);
    await call('POST', `/v1/sessions/${id}/send`, { text: 'KWSLOW2 stream me' });
    const to = (f: { event: string; data: string }, s: string) =>
      f.event === 'session.status' && JSON.parse(f.data).data.to === s;
    await c1.next((f) => to(f, 'working'), 30_000);
    await c1.next(
      (f) => to(f, 'idle') && c1.frames.some((g) => to(g, 'working') && Number(g.id) < Number(f.id)),
      30_000,
    );
    const last = Number(c1.frames.filter((f) => f.id !== null).at(-1)!.id);
    c1.close();

    // events the client misses: another turn, then a restart of the server (the session keeps running)
    await call('POST', `/v1/sessions/${id}/send`, { text: 'while you were away' });
    await until(id, 'idle');
    server = await real!.restart();
    await until(id, 'idle');
    await server.manager.events.flush();
    const logged = readFileSync(join(real!.stateDir, 'state', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: number; sessionId: string; type: string })
      .filter((e) => e.sessionId === id && e.id > last);
    expect(logged.map((e) => e.type)).toContain('session.adopted');
    const c2 = await connectSse(`${server.url}/v1/sessions/${id}/events`, {
      authorization: `Bearer ${TOKEN}`,
      'last-event-id': String(last),
    });
    clients.push(c2);
    const maxId = logged.at(-1)!.id;
    await c2.next((f) => Number(f.id) === maxId, 15_000);
    const replayed = c2.frames.filter((f) => f.id !== null && Number(f.id) <= maxId).map((f) => Number(f.id));
    expect(replayed).toEqual(logged.map((e) => e.id));
    expect(c2.frames.some((f) => f.id !== null && Number(f.id) <= last)).toBe(false);
    c2.close();
  });
});
