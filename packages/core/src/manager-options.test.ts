import { describe, expect, it } from 'vitest';
import { fakeManager } from './testing/fake-manager.js';

describe('stallThresholdMs option', () => {
  it('is the threshold of sessions created without their own; an explicit one wins', async () => {
    const { manager, workDir } = await fakeManager({ stallThresholdMs: 2000 });
    const plain = (await manager.create({ workDir, reuse: false })).session;
    const own = (await manager.create({ workDir, reuse: false, stallThresholdMs: 7000 })).session;
    expect(manager.get(plain.id).stallThresholdMs).toBe(2000);
    expect(manager.get(own.id).stallThresholdMs).toBe(7000);
    await manager.shutdown({ killSessions: true });
  });
  it('defaults to none (the detector keeps its own 5 minutes)', async () => {
    const { manager, workDir } = await fakeManager();
    expect((await manager.create({ workDir })).session.stallThresholdMs).toBeNull();
    await manager.shutdown({ killSessions: true });
  });
});
