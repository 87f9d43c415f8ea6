// Fault suite (issue #11), cases 2 and 3: the tmux server killed, Claude Code killed with SIGKILL.
import { describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, tempDir } from '@aegis/testkit';
import { connectSse } from '../testing/sse-client.js';
import { faultServer, received, tmux } from '../testing/fault-harness.js';

const ended = (f: { event: string; data: string }, id: string) =>
  f.event === 'session.ended' && JSON.parse(f.data).sessionId === id;

describe.each(CLAUDE_VERSIONS)('faults with Claude Code %s: processes that die', (version) => {
  const fx = faultServer(version, 'exits');
  const a = fx.api;
  const create = async (prompt?: string) => {
    const r = await a.call('POST', '/v1/sessions', {
      workDir: await tempDir('aegis-fault-work-'),
      reuse: false,
      ...(prompt ? { prompt } : {}),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; panePid: number; windowId: string };
  };
  const events = async () => {
    const c = await connectSse(`${fx.server.url}/v1/events`);
    fx.clients.push(c);
    return c;
  };

  it('3. Claude Code killed with SIGKILL: the session ends `exited` with the signal', async () => {
    const s = await create();
    await a.until(s.id, 'idle');
    const sse = await events();
    process.kill(s.panePid, 'SIGKILL');
    const frame = await sse.next((x) => ended(x, s.id), 30_000);
    expect(JSON.parse(frame.data).data).toMatchObject({ reason: 'exited', signal: 'SIGKILL', code: null });
    const detail = (await a.call('GET', `/v1/sessions/${s.id}`)).body;
    expect(detail).toMatchObject({ status: 'exited', endReason: 'exited' });
    expect((await a.call('POST', `/v1/sessions/${s.id}/send`, { text: 'too late' })).status).toBe(410);
  });

  it('2. the tmux server killed: every session ends with a reason; the server stays up and starts new sessions', async () => {
    const sessions = [await create(), await create()];
    for (const s of sessions) await a.until(s.id, 'idle');
    const sse = await events();
    tmux(fx.env.socket, ['kill-server']);
    for (const s of sessions) {
      const frame = await sse.next((x) => ended(x, s.id), 30_000);
      expect(JSON.parse(frame.data).data.reason).toMatch(/^(exited|vanished)$/);
      expect(await a.status(s.id)).toBe('exited');
    }
    expect((await a.call('GET', '/v1/health')).body).toMatchObject({ status: 'ok' });
    const fresh = await create('KWFRESH after the tmux server died');
    await expect
      .poll(() => received(fx.fake, 'KWFRESH'), { timeout: 30_000 })
      .toEqual(['KWFRESH after the tmux server died']);
    await a.until(fresh.id, 'idle');
    const sent = await a.call('POST', `/v1/sessions/${fresh.id}/send`, { text: 'KWFRESH second message' });
    expect(sent.body).toMatchObject({ delivered: true });
    await expect
      .poll(() => received(fx.fake, 'KWFRESH'), { timeout: 30_000 })
      .toEqual(['KWFRESH after the tmux server died', 'KWFRESH second message']);
  });
});
