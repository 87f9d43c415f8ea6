import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusFile } from '@aegis/state';
import { nodeFileSystem, realClock } from './io.js';
import { StatusPoller } from './status-poller.js';
import { tempDir } from './testing/fake-manager.js';

describe('StatusPoller', () => {
  it('routes status files by sessionId and reports each change once', async () => {
    const { dir, cleanup } = await tempDir();
    await mkdir(join(dir, 'sessions'));
    const poller = new StatusPoller(dir, nodeFileSystem, realClock, 60_000);
    const seen: (StatusFile | null)[] = [];
    poller.add('abc', (f) => seen.push(f));
    await writeFile(join(dir, 'sessions', '42.json'), JSON.stringify({ pid: 42, sessionId: 'abc', status: 'idle' }));
    await writeFile(join(dir, 'sessions', '43.json'), JSON.stringify({ pid: 43, sessionId: 'other', status: 'busy' }));
    await poller.poll();
    await poller.poll();
    expect(seen.map((f) => f?.status)).toEqual(['idle']);
    await writeFile(join(dir, 'sessions', '42.json'), JSON.stringify({ pid: 42, sessionId: 'abc', status: 'busy', updatedAt: 2 }));
    await poller.poll();
    expect(seen.map((f) => f?.status)).toEqual(['idle', 'busy']);
    poller.stop();
    await cleanup();
  });
});
