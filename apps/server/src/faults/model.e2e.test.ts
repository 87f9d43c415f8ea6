// Fault suite (issue #11), cases 4 and 5: the model answers 500 with retries off; the model never answers.
import { describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, tempDir } from '@aegis/testkit';
import { connectSse, type SseFrame } from '../testing/sse-client.js';
import { faultServer, received } from '../testing/fault-harness.js';

const STALL_MS = 3000;
const statusTo = (f: SseFrame, to: string) => f.event === 'session.status' && JSON.parse(f.data).data.to === to;

describe.each(CLAUDE_VERSIONS)('faults with Claude Code %s: the model fails', (version) => {
  const fx = faultServer(version, 'model', { stallThresholdMs: STALL_MS }, { CLAUDE_CODE_MAX_RETRIES: '0' });
  const a = fx.api;
  const ready = async () => {
    const r = await a.call('POST', '/v1/sessions', { workDir: await tempDir('aegis-fault-work-'), reuse: false });
    expect(r.status).toBe(201);
    await a.until(r.body.id, 'idle');
    const sse = await connectSse(`${fx.server.url}/v1/sessions/${r.body.id}/events`);
    fx.clients.push(sse);
    return { id: r.body.id as string, sse };
  };

  it('4. a 500 with retries off: the session reports `error`, then the next message is delivered and answered', async () => {
    const { id, sse } = await ready();
    const sent = await a.call('POST', `/v1/sessions/${id}/send`, { text: 'KWERR500 fail once' });
    expect(sent.body).toMatchObject({ delivered: true });
    await sse.next((x) => statusTo(x, 'error'), 30_000);
    await a.until(id, 'idle');
    expect(received(fx.fake, 'KWERR500')).toEqual(['KWERR500 fail once']); // asked once: no retry
    const next = await a.call('POST', `/v1/sessions/${id}/send`, { text: 'KWAFTER500 are you back' });
    expect(next.body).toMatchObject({ delivered: true });
    await a.until(id, 'idle');
    await expect
      .poll(async () => (await a.call('GET', `/v1/sessions/${id}/summary`)).body.lastAssistantText, { timeout: 15_000 })
      .toBe('Hello from the fake model.');
    expect(received(fx.fake, 'KWAFTER500')).toEqual(['KWAFTER500 are you back']);
  });

  it('5. a model that never answers: `stalled` after the configured threshold, interrupt recovers the session', async () => {
    const { id, sse } = await ready();
    expect((await a.call('GET', `/v1/sessions/${id}`)).body.stallThresholdMs).toBe(STALL_MS);
    const sent = await a.call('POST', `/v1/sessions/${id}/send`, { text: 'KWHANG never answer' });
    expect(sent.body).toMatchObject({ delivered: true });
    const stalled = await sse.next((x) => x.event === 'session.stalled', 60_000);
    expect(JSON.parse(stalled.data).data.reason).toEqual(expect.any(String));
    expect(await a.status(id)).toBe('stalled');
    expect((await a.call('POST', `/v1/sessions/${id}/interrupt`)).body).toMatchObject({ sent: true });
    await a.until(id, 'idle', 30_000);
    const next = await a.call('POST', `/v1/sessions/${id}/send`, { text: 'KWAFTERHANG still there' });
    expect(next.body).toMatchObject({ delivered: true });
    await a.until(id, 'idle');
    expect(received(fx.fake, 'KWAFTERHANG')).toEqual(['KWAFTERHANG still there']);
  });
});
