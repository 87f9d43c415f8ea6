import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { nodeFileSystem } from '../io.js';
import {
  describeEventStoreContract,
  describeMessageQueueStoreContract,
  describePipelineStoreContract,
  describeSessionStoreContract,
  sessionRecord,
} from '../testing/storage-contract.js';
import { FileEventStore } from './file-event-store.js';
import { FilePipelineStore } from './file-pipeline-store.js';
import { FileSessionStore } from './file-session-store.js';
import { recordQueueStore, SessionRecords } from './session-records.js';

const stateDir = () => mkdtemp(join(tmpdir(), 'aegis-storage-'));

describeSessionStoreContract('files', async () => {
  const dir = await stateDir();
  return { open: async () => new FileSessionStore(dir) };
});

describeEventStoreContract('files', async () => {
  const dir = await stateDir();
  return { open: async () => new FileEventStore(dir) };
});

describePipelineStoreContract('files', async () => {
  const dir = await stateDir();
  return { open: async () => new FilePipelineStore(dir) };
});

describeMessageQueueStoreContract('in the session records, files', async () => {
  const dir = await stateDir();
  const open = async () => {
    const records = new SessionRecords(new FileSessionStore(dir));
    await records.load();
    return records;
  };
  return {
    open: async () => recordQueueStore(await open()),
    addSession: async (id) => void (await (await open()).put(sessionRecord(id))),
  };
});

it('the file event store skips a line torn by a crash', async () => {
  const dir = await stateDir();
  const a = new FileEventStore(dir);
  await a.append({ id: 1, at: 1, type: 'session.adopted', sessionId: 's', data: { windowId: '@1' } });
  await nodeFileSystem.appendFile(a.path, '{"id":2,"at":2,"ty');
  expect((await new FileEventStore(dir).read(0)).map((e) => e.id)).toEqual([1]);
});
