// What a client sends while the owner's terminal socket is still opening: held in order, never dropped silently.
import { EventEmitter } from 'node:events';
import { sessionRecord } from '@aegis/core/testing';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { RemoteSession } from './fleet.js';
import { relayTerminal } from './terminal-relay.js';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  closedWith: number | undefined;
  send(data: Buffer | string): void {
    this.sent.push(data.toString());
  }
  close(code?: number): void {
    this.readyState = 3;
    this.closedWith = code;
  }
  terminate(): void {
    this.close();
  }
}

const remote: RemoteSession = {
  nodeId: 'b',
  owner: {
    id: 'b',
    url: 'http://127.0.0.1:9',
    labels: [],
    sessions: 1,
    load: 0,
    version: '1',
    startedAt: 0,
    heartbeatAgeMs: 10,
    status: 'up',
  },
  record: sessionRecord('s-1'),
};

function relay() {
  const client = new FakeSocket();
  const owner = new FakeSocket();
  let open: (ws: WebSocket) => void = () => undefined;
  const opened = new Promise<WebSocket>((resolve) => (open = resolve));
  relayTerminal(client as unknown as WebSocket, remote, { name: 'op', role: 'operator' }, () => opened);
  return { client, owner, open: () => open(owner as unknown as WebSocket) };
}

describe('a relayed terminal while the owner socket opens', () => {
  it('passes on every frame sent meanwhile, in order (far more than a handful of keystrokes)', async () => {
    const { client, owner, open } = relay();
    const keys = Array.from({ length: 500 }, (_, i) => JSON.stringify({ type: 'input', data: String(i % 10) }));
    for (const k of keys) client.emit('message', Buffer.from(k), false);
    open();
    await new Promise((r) => setImmediate(r));
    client.emit('message', Buffer.from('after'), false);
    expect(owner.sent).toEqual([...keys, 'after']);
  });

  it('closes with an error frame past 1 MiB, instead of dropping input', async () => {
    const { client, owner, open } = relay();
    client.emit('message', Buffer.alloc(1024 * 1024 + 1, 'x'), false);
    expect(JSON.parse(client.sent[0]!)).toMatchObject({ type: 'error', code: 'PAYLOAD_TOO_LARGE' });
    expect(client.closedWith).toBe(1011);
    open();
    await new Promise((r) => setImmediate(r));
    expect(owner.sent).toEqual([]);
    expect(owner.readyState).toBe(3); // the owner socket, opened late, is closed at once
  });
});
