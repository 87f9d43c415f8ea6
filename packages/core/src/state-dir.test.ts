import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem, type FileSystem } from './io.js';
import { fakeManager, tempDir, waitUntil } from './testing/fake-manager.js';

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** The real filesystem until `full.on = true`, then every write fails like a full disk. */
function fillable(): FileSystem & { on: boolean } {
  const fs = {
    ...nodeFileSystem,
    on: false,
    writeFileAtomic: (p: string, d: string, m?: number) =>
      fs.on ? Promise.reject(enospc()) : nodeFileSystem.writeFileAtomic(p, d, m),
    appendFile: (p: string, d: string) => (fs.on ? Promise.reject(enospc()) : nodeFileSystem.appendFile(p, d)),
  };
  return fs;
}

describe('an unwritable state folder', () => {
  it('fails the start with STATE_UNWRITABLE when the folder cannot be created', async () => {
    const { dir } = await tempDir();
    await writeFile(join(dir, 'a-file'), 'x');
    await expect(fakeManager({ stateDir: join(dir, 'a-file', 'state') })).rejects.toMatchObject({
      code: 'STATE_UNWRITABLE',
      message: expect.stringContaining(join(dir, 'a-file', 'state')),
    });
  });

  it('fails the start with STATE_UNWRITABLE when the folder takes no write (full)', async () => {
    const fs = fillable();
    fs.on = true;
    await expect(fakeManager({ fs })).rejects.toMatchObject({
      code: 'STATE_UNWRITABLE',
      message: expect.stringContaining('ENOSPC'),
    });
  });

  it('at run time: storage() reports the failure and sends are refused, never accepted and lost', async () => {
    const fs = fillable();
    const { manager, workDir } = await fakeManager({ fs });
    const { session } = await manager.create({ workDir });
    expect(manager.storage()).toEqual({ ok: true, error: null });
    fs.on = true;
    manager.events.emit({
      type: 'gate.shown',
      sessionId: session.id,
      data: { kind: 'probe', answered: false, optionId: null },
    });
    await manager.events.flush();
    await waitUntil(() => !manager.storage().ok);
    expect(manager.storage().error).toMatch(/ENOSPC/);
    await expect(manager.send(session.id, 'kept?')).rejects.toMatchObject({ code: 'STATE_UNWRITABLE', status: 507 });
    expect(manager.get(session.id).queueLength).toBe(0);
    fs.on = false; // space again: the next write clears it
    manager.events.emit({
      type: 'gate.shown',
      sessionId: session.id,
      data: { kind: 'probe', answered: false, optionId: null },
    });
    await manager.events.flush();
    await waitUntil(() => manager.storage().ok);
    await manager.shutdown({ killSessions: true });
  });
});
