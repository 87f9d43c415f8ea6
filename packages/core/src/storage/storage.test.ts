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

it('the file event store keeps what is appended while a long prune filters', async () => {
  const dir = await stateDir();
  const s = new FileEventStore(dir);
  const lines = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({ id: i + 1, at: i + 1, type: 'message.queued', sessionId: 's', data: {} }),
  );
  await nodeFileSystem.writeFileAtomic(s.path, lines.join('\n') + '\n');
  const event = (id: number) =>
    ({ id, at: id, type: 'message.queued', sessionId: 's', data: { messageId: 'm', position: 0 } }) as const;
  const pruned = s.prune({ before: 0, belowId: 15_001 });
  const appends: Promise<void>[] = [];
  for (let id = 20_001; id <= 20_020; id++) {
    appends.push(s.append(event(id))); // some land before the read, others while the filter yields
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(await pruned).toBe(15_000);
  await Promise.all(appends);
  const ids = (await new FileEventStore(dir).read(0)).map((e) => e.id);
  expect(ids).toEqual(Array.from({ length: 5_020 }, (_, i) => 15_001 + i));
});

it('a prune whose rewrite fails leaves the file as it was, appends included', async () => {
  const dir = await stateDir();
  const failing = {
    ...nodeFileSystem,
    writeFileAtomic: async () => {
      throw new Error('ENOSPC: no space left on device');
    },
  };
  const s = new FileEventStore(dir, failing);
  const event = (id: number) =>
    ({ id, at: id, type: 'message.queued', sessionId: 's', data: { messageId: 'm', position: 0 } }) as const;
  for (let id = 1; id <= 5; id++) await s.append(event(id));
  const pruned = s.prune({ before: 0, belowId: 4 });
  const appended = s.append(event(6));
  await expect(pruned).rejects.toThrow(/ENOSPC/);
  await appended;
  expect((await s.read(0)).map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(await new FileEventStore(dir).prune({ before: 0, belowId: 4 })).toBe(3);
});
