import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, type FakeModel } from '@aegis/testkit';
import { type SessionManager } from './index.js';
import { startRealClaude, stopRealClaude, TempFolders, type RealClaude } from './testing/real-claude.js';

const folders = new TempFolders();
const tempDir = (prefix: string) => folders.make(prefix);
afterAll(() => folders.removeAll());

describe.each(CLAUDE_VERSIONS)('Claude Code %s through @aegis/core: prompts and dialogs', (version) => {
  let fake: FakeModel;
  let manager: SessionManager;
  let claude: RealClaude | undefined;
  const socket = `aegis-test-core-dlg-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    claude = await startRealClaude({ version, socket, stateDir: await tempDir('aegis-core-state-'), folders });
    ({ fake, manager } = claude);
  });
  afterAll(() => stopRealClaude(claude, socket));

  const humanTexts = () => fake.prompts().map((p) => p.humanText);

  it('create with a prompt in an untrusted folder: the model gets it exactly once', async () => {
    const workDir = await tempDir('aegis-core-work-');
    const { session, prompt, reused } = await manager.create({ workDir, prompt: 'first prompt e2e', reuse: false });
    expect(reused).toBe(false);
    const r = await manager.waitForDelivery(session.id, prompt!.id);
    expect(r.delivered).toBe(true);
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    expect(humanTexts().filter((t) => t === 'first prompt e2e')).toHaveLength(1);
    // Claude Code flushes JSONL records ~100 ms after the fact (later under load)
    await expect
      .poll(
        async () =>
          (await manager.transcript(session.id, { kinds: ['user_prompt'] })).entries.map(
            (e) => (e as { text: string }).text,
          ),
        { timeout: 10_000 },
      )
      .toEqual(['first prompt e2e']);
    await manager.kill(session.id);
  });

  it('approve runs the Bash command; reject does not', async () => {
    for (const action of ['approve', 'reject'] as const) {
      const workDir = await tempDir(`aegis-core-${action}-`);
      const { session } = await manager.create({ workDir, prompt: `KWBASH ${action}`, reuse: false });
      expect(await manager.waitFor(session.id, 'permission_prompt', 30_000)).toBe(true);
      const r = action === 'approve' ? await manager.approve(session.id) : await manager.reject(session.id);
      expect(r.sent).toBe(true);
      await expect(manager.answer(session.id, { action })).rejects.toMatchObject({
        code: expect.stringMatching(/ALREADY_ANSWERED|NOT_IN_DIALOG/),
      });
      expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
      expect(existsSync(join(workDir, 'out.txt'))).toBe(action === 'approve');
      await manager.kill(session.id);
    }
  });

  it('answers an AskUserQuestion by option id', async () => {
    const workDir = await tempDir('aegis-core-ask-');
    const { session } = await manager.create({ workDir, prompt: 'KWASK please', reuse: false });
    expect(await manager.waitFor(session.id, 'asking', 30_000)).toBe(true);
    await manager.answer(session.id, { action: 'answer', options: [['blue']] });
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    await expect
      .poll(async () => (await manager.summary(session.id)).lastAssistantText ?? '', { timeout: 10_000 })
      .toMatch(/Thanks for the answer.*Blue/s);
    await manager.kill(session.id);
  });

  it('answers an AskUserQuestion with free text', async () => {
    const workDir = await tempDir('aegis-core-ask-text-');
    const { session } = await manager.create({ workDir, prompt: 'KWASK free text please', reuse: false });
    expect(await manager.waitFor(session.id, 'asking', 30_000)).toBe(true);
    await manager.answer(session.id, { action: 'answer', text: ['a teal of my own'] });
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    await expect
      .poll(async () => (await manager.summary(session.id)).lastAssistantText ?? '', { timeout: 10_000 })
      .toMatch(/a teal of my own/);
    await manager.kill(session.id);
  });

  it('approves a plan (plan mode kept from create)', async () => {
    const workDir = await tempDir('aegis-core-plan-');
    const { session } = await manager.create({ workDir, prompt: 'KWPLAN now', permissionMode: 'plan', reuse: false });
    expect(manager.get(session.id).permissionMode).toBe('plan');
    await expect.poll(() => manager.get(session.id).status, { timeout: 30_000 }).toBe('plan_approval');
    const r = await manager.approve(session.id);
    expect(r).toMatchObject({ sent: true, optionId: 'yes_manual' }); // least privilege: not "auto mode"
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    await expect
      .poll(async () => (await manager.summary(session.id)).lastAssistantText ?? '', { timeout: 10_000 })
      .toMatch(/Plan handled/);
    await manager.kill(session.id);
  });

  it('interrupt during a slow answer returns to idle', async () => {
    const workDir = await tempDir('aegis-core-int-');
    const { session } = await manager.create({ workDir, prompt: 'KWSLOW20', reuse: false });
    expect(await manager.waitFor(session.id, 'working', 30_000)).toBe(true);
    const r = await manager.interrupt(session.id);
    expect(r.sent).toBe(true);
    expect(await manager.waitFor(session.id, 'idle', 15_000)).toBe(true);
    await manager.kill(session.id);
  });
});
