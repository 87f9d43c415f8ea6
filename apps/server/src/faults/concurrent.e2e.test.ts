// Fault suite (issue #11), case 7: 20 clients send to the same session at once.
import { describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, tempDir } from '@aegis/testkit';
import { connectSse, type SseClient } from '../testing/sse-client.js';
import { faultServer, received } from '../testing/fault-harness.js';

const CLIENTS = 20;

describe.each(CLAUDE_VERSIONS)('faults with Claude Code %s: concurrent clients', (version) => {
  let sse: SseClient | undefined;
  const fx = faultServer(version, 'concurrent');
  const a = fx.api;

  it('7. 20 clients send at once: each message arrives once, whole, in the order core queued them', async () => {
    const created = await a.call('POST', '/v1/sessions', { workDir: await tempDir('aegis-fault-work-'), reuse: false });
    const id = created.body.id as string;
    await a.until(id, 'idle');
    sse = await connectSse(`${fx.server.url}/v1/sessions/${id}/events`);
    fx.clients.push(sse);
    const texts = Array.from(
      { length: CLIENTS },
      (_, i) => `KWC7 message ${i} first line\nmessage ${i} second line\n\nmessage ${i} last line`,
    );
    const replies = await Promise.all(texts.map((text) => a.call('POST', `/v1/sessions/${id}/send`, { text })));
    for (const r of replies) expect([200, 202], JSON.stringify(r.body)).toContain(r.status);
    const idOf = new Map(replies.map((r, i) => [r.body.messageId as string, texts[i]!]));
    expect(idOf.size).toBe(CLIENTS);

    // core's order: the message.queued events; each one is then delivered, in that order, exactly once
    const kind = (type: string) =>
      sse!.frames.filter((x) => x.event === type).map((x) => JSON.parse(x.data).data.messageId as string);
    try {
      await expect
        .poll(() => kind('message.delivered').length + kind('message.unconfirmed').length, {
          timeout: 150_000,
          interval: 500,
        })
        .toBe(CLIENTS);
    } catch (e) {
      const pane = (await a.call('GET', `/v1/sessions/${id}/pane`)).body?.pane;
      const seen = sse.frames.filter((x) => x.event !== 'heartbeat').map((x) => `${x.event} ${x.data.slice(0, 300)}`);
      throw new Error(
        `not every message was delivered; model got ${received(fx.fake, 'KWC7').length}; events:\n${seen.join('\n')}\npane:\n${pane}`,
        { cause: e },
      );
    }
    const order = kind('message.queued');
    expect(new Set(order)).toEqual(new Set(idOf.keys()));
    expect(kind('message.delivered')).toEqual(order);
    expect(kind('message.unconfirmed')).toEqual([]);
    await a.until(id, 'idle');
    await expect.poll(() => received(fx.fake, 'KWC7').length, { timeout: 60_000 }).toBe(CLIENTS);
    expect(received(fx.fake, 'KWC7')).toEqual(order.map((m) => idOf.get(m)));
  }, 300_000);
});
