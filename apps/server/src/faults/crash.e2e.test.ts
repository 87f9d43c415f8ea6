// Fault suite (issue #11), case 1: `kill -9` of the server with 5 live sessions while messages are being sent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, tempDir } from '@aegis/testkit';
import { connectSse } from '../testing/sse-client.js';
import { faultServer, received, spawnServer } from '../testing/fault-harness.js';

const SESSIONS = 5;

interface Sent {
  n: number;
  text: string;
  outcome: 'accepted' | 'connection' | 'refused';
  messageId?: string;
}

describe.each(CLAUDE_VERSIONS)('faults with Claude Code %s: kill -9 of the server', (version) => {
  const fx = faultServer(version, 'crash');
  const a = fx.api;

  it('1. every session is re-adopted, each accepted message reaches the model exactly once, in order; SSE resumes without a gap', async () => {
    const ids: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const r = await a.call('POST', '/v1/sessions', { workDir: await tempDir('aegis-fault-work-'), reuse: false });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    for (const id of ids) await a.until(id, 'idle');
    const before = await connectSse(`${fx.server.url}/v1/events`);
    fx.clients.push(before);

    // each session: messages one after another (a 1 s reply each, so later ones queue), until the server dies
    let dead = false;
    const sent: Sent[][] = ids.map(() => []);
    const senders = ids.map(async (id, s) => {
      for (let n = 0; !dead; n++) {
        const text = `KWSLOW1 K1 s${s} m${n}`;
        const entry: Sent = { n, text, outcome: 'refused' };
        sent[s]!.push(entry);
        try {
          const r = await a.call('POST', `/v1/sessions/${id}/send`, { text });
          entry.outcome = r.status === 200 || r.status === 202 ? 'accepted' : 'refused';
          entry.messageId = r.body?.messageId;
        } catch {
          entry.outcome = 'connection';
          return;
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    });
    // kill once every session has messages waiting in its queue
    await expect
      .poll(() => sent.every((l) => l.filter((e) => e.outcome === 'accepted').length >= 3), {
        timeout: 60_000,
        interval: 50,
      })
      .toBe(true);
    fx.server.child.kill('SIGKILL');
    await fx.server.exited;
    dead = true;
    await Promise.all(senders);
    const seenBefore = before.frames.filter((x) => x.id !== null).map((x) => ({ id: Number(x.id), type: x.event }));
    const lastSeen = Math.max(0, ...seenBefore.map((x) => x.id));

    fx.server = await spawnServer(fx.env);
    for (const id of ids) expect(await a.status(id)).not.toBe('exited');
    for (const id of ids)
      await expect
        .poll(async () => (await a.call('GET', `/v1/sessions/${id}`)).body.queueLength, {
          timeout: 120_000,
          interval: 500,
        })
        .toBe(0);
    for (const id of ids) await a.until(id, 'idle', 60_000);

    // the model side: accepted → exactly once; connection-failed → at most once; all in sending order
    const story = (s: number) => {
      const log = readFileSync(join(fx.env.stateDir, 'state', 'events.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes(ids[s]!) && !l.includes('message.assistant'));
      return `sent ${JSON.stringify(sent[s])}\nevents:\n${log.map((l) => l.slice(0, 300)).join('\n')}`;
    };
    for (let s = 0; s < SESSIONS; s++) {
      const got = received(fx.fake, `K1 s${s} `);
      const accepted = sent[s]!.filter((e) => e.outcome === 'accepted').map((e) => e.text);
      expect(accepted.length).toBeGreaterThanOrEqual(3);
      for (const t of accepted)
        expect(
          got.filter((g) => g === t),
          `${t} in ${JSON.stringify(got)}; ${story(s)}`,
        ).toHaveLength(1);
      expect(new Set(got).size).toBe(got.length);
      const order = got.map((g) => Number(/ m(\d+)$/.exec(g)![1]));
      expect(order).toEqual([...order].sort((x, y) => x - y));
      expect(got.every((g) => sent[s]!.some((e) => e.text === g && e.outcome !== 'refused'))).toBe(true);
    }

    // events: every id seen before the crash is the same event on disk; a resuming client gets the rest, no gap
    const after = await connectSse(`${fx.server.url}/v1/events`, { 'last-event-id': String(lastSeen) });
    fx.clients.push(after);
    const lastId = JSON.parse((await after.next((x) => x.event === 'state')).data).lastEventId as number;
    await after.next((x) => Number(x.id) === lastId, 30_000);
    const logged = readFileSync(join(fx.env.stateDir, 'state', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: number; type: string; sessionId: string });
    const byId = new Map(logged.map((e) => [e.id, e]));
    for (const e of seenBefore) expect(byId.get(e.id)?.type, `event ${e.id}`).toBe(e.type);
    const replayed = after.frames.filter((x) => x.id !== null && Number(x.id) <= lastId).map((x) => Number(x.id));
    expect(replayed).toEqual(Array.from({ length: lastId - lastSeen }, (_, k) => lastSeen + 1 + k));
    expect(logged.map((e) => e.id)).toEqual(Array.from({ length: logged.length }, (_, k) => k + 1));
    const adopted = logged.filter((e) => e.type === 'session.adopted').map((e) => e.sessionId);
    expect(new Set(adopted)).toEqual(new Set(ids));
  }, 300_000);
});
