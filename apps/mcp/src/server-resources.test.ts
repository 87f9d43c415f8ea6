import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { HEALTH_URI, paneUri, SESSIONS_URI, transcriptUri } from './resources.js';
import { FakeBackend, fakeSession } from './testing/fake-backend.js';
import { useInMemoryClient } from './testing/in-memory-client.js';

const setup = useInMemoryClient();

describe('resources', () => {
  it('reads sessions, health and a pane', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    const { client } = await setup(backend);
    const sessions = await client.readResource({ uri: SESSIONS_URI });
    expect(JSON.parse((sessions.contents[0] as { text: string }).text)).toMatchObject({
      sessions: [{ id: 'a', status: 'idle' }],
    });
    const health = await client.readResource({ uri: HEALTH_URI });
    expect(JSON.parse((health.contents[0] as { text: string }).text)).toMatchObject({
      status: 'ok',
      backend: 'embedded',
    });
    const pane = await client.readResource({ uri: paneUri('a') });
    expect(pane.contents[0]).toMatchObject({ mimeType: 'text/plain', text: 'pane text' });
  });

  it('notifies subscribers when core reports an event for a session', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    const { client } = await setup(backend);
    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await client.subscribeResource({ uri: transcriptUri('a') });
    backend.emit({ type: 'message.assistant', sessionId: 'a', data: { entryId: 'e1', text: 'hello' } } as never);
    backend.emit({ type: 'message.assistant', sessionId: 'b', data: { entryId: 'e2', text: 'other' } } as never);
    await expect.poll(() => updated).toEqual([transcriptUri('a')]);
    let listChanged = 0;
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);
    backend.emit({ type: 'session.created', sessionId: 'c', data: {} } as never);
    await expect.poll(() => listChanged).toBe(1);
    await client.unsubscribeResource({ uri: transcriptUri('a') });
    backend.emit({ type: 'message.assistant', sessionId: 'a', data: { entryId: 'e3', text: 'again' } } as never);
    await client.listTools(); // a round trip: any notification sent before it has arrived
    expect(updated).toEqual([transcriptUri('a')]);
  });
});
