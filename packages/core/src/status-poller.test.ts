import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusFile } from '@aegis/state';
import { nodeFileSystem, realClock } from './io.js';
import { StatusPoller } from './status-poller.js';
import { tempDir } from './testing/fake-manager.js';

describe('StatusPoller', () => {
  it('keeps what a status file said while it is read half-written (no flicker to "no status")', async () => {
    const { dir, cleanup } = await tempDir();
    await mkdir(join(dir, 'sessions'));
    const file = join(dir, 'sessions', '42.json');
    await writeFile(file, JSON.stringify({ pid: 42, sessionId: 'abc', status: 'busy' }));
    const poller = new StatusPoller(dir, nodeFileSystem, realClock, 60_000, null);
    const seen: (StatusFile | null)[] = [];
    poller.add('abc', (f) => seen.push(f));
    await poller.poll();
    await writeFile(file, '{"pid": 42, "sessionId": "ab');
    await poller.poll();
    await writeFile(file, JSON.stringify({ pid: 42, sessionId: 'abc', status: 'idle', updatedAt: 3 }));
    await poller.poll();
    expect(seen.map((f) => f?.status)).toEqual(['busy', 'idle']);
    poller.stop();
    await cleanup();
  });

  it('routes status files by sessionId and reports each change once', async () => {
    const { dir, cleanup } = await tempDir();
    await mkdir(join(dir, 'sessions'));
    await writeFile(join(dir, 'sessions', '42.json'), JSON.stringify({ pid: 42, sessionId: 'abc', status: 'idle' }));
    await writeFile(join(dir, 'sessions', '43.json'), JSON.stringify({ pid: 43, sessionId: 'other', status: 'busy' }));
    const poller = new StatusPoller(dir, nodeFileSystem, realClock, 60_000);
    const seen: (StatusFile | null)[] = [];
    poller.add('abc', (f) => seen.push(f));
    await poller.poll();
    await poller.poll();
    expect(seen.map((f) => f?.status)).toEqual(['idle']);
    await writeFile(
      join(dir, 'sessions', '42.json'),
      JSON.stringify({ pid: 42, sessionId: 'abc', status: 'busy', updatedAt: 2 }),
    );
    await poller.poll();
    expect(seen.map((f) => f?.status)).toEqual(['idle', 'busy']);
    poller.stop();
    await cleanup();
  });

  it('reads a rewritten status file at once (the folder is watched), long before the next poll', async () => {
    const { dir, cleanup } = await tempDir();
    const poller = new StatusPoller(dir, nodeFileSystem, realClock, 60_000);
    const seen: (StatusFile | null)[] = [];
    poller.add('abc', (f) => seen.push(f));
    await mkdir(join(dir, 'sessions')); // created after the poller started, as Claude Code does
    await poller.poll();
    await writeFile(join(dir, 'sessions', '42.json'), JSON.stringify({ pid: 42, sessionId: 'abc', status: 'busy' }));
    for (let i = 0; i < 200 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen.map((f) => f?.status)).toEqual([undefined, 'busy']);
    poller.stop();
    await cleanup();
  });
});
