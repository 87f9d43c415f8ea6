import { describe, expect, it } from 'vitest';
import type { AegisEvent } from '@aegis/core';
import { followEvents } from './sse.js';

const frame = (id: number, type: string) => `event: ${type}\nid: ${id}\ndata: ${JSON.stringify({ id, at: 1, type, sessionId: 'a', data: {} })}\n\n`;

describe('followEvents', () => {
  it('delivers events split across chunks, skips the snapshot, reconnects after the last id', async () => {
    const seen: AegisEvent[] = [];
    const lastIds: (string | undefined)[] = [];
    const streams = [
      ['event: state\ndata: {"sessions":[]}\n\n' + frame(1, 'session.created').slice(0, 20), frame(1, 'session.created').slice(20) + frame(2, 'session.status')],
      [frame(3, 'session.ended')],
    ];
    const enc = new TextEncoder();
    const fetch = (async (_url: string, init: RequestInit) => {
      lastIds.push((init.headers as Record<string, string>)['last-event-id']);
      const chunks = streams.shift();
      if (!chunks) return new Promise<Response>(() => undefined); // stays open
      return new Response(new ReadableStream({ start: (c) => { for (const ch of chunks) c.enqueue(enc.encode(ch)); c.close(); } }), { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const stop = followEvents({ url: 'http://aegis', fetch, sleep: async () => undefined, onEvent: (e) => seen.push(e) });
    await expect.poll(() => seen.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(lastIds).toEqual([undefined, '2', '3']);
    stop();
  });
});
