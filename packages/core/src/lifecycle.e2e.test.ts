import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, claudeBinary, type FakeModel, killTmuxServer } from '@aegis/testkit';
import { SessionManager } from './index.js';
import { processesIn } from './testing/fake-manager.js';
import { startRealClaude, stopRealClaude, TempFolders, type RealClaude } from './testing/real-claude.js';

const PROCESS_TIMEOUT = 120_000;

const folders = new TempFolders();
const tempDir = (prefix: string) => folders.make(prefix);
afterAll(() => folders.removeAll());

describe.each(CLAUDE_VERSIONS)('Claude Code %s through @aegis/core: lifecycle', (version) => {
  let fake: FakeModel;
  let manager: SessionManager;
  let env: Record<string, string | undefined>;
  let claude: RealClaude | undefined;
  const socket = `aegis-test-core-life-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    claude = await startRealClaude({ version, socket, stateDir: await tempDir('aegis-core-state-'), folders });
    ({ fake, manager, env } = claude);
  });
  afterAll(() => stopRealClaude(claude, socket));

  const humanTexts = () => fake.prompts().map((p) => p.humanText);

  it('resumes a killed session with --resume, keeping its permission mode', async () => {
    const workDir = await tempDir('aegis-core-resume-');
    const first = await manager.create({
      workDir,
      prompt: 'remember the word pelican',
      permissionMode: 'acceptEdits',
      reuse: false,
    });
    await manager.waitForDelivery(first.session.id, first.prompt!.id);
    expect(await manager.waitFor(first.session.id, 'idle', 30_000)).toBe(true);
    // the reply is flushed to the JSONL ~100 ms after the idle screen: resume only what was written
    await expect
      .poll(async () => (await manager.transcript(first.session.id, { kinds: ['turn_end'] })).entries.length, {
        timeout: 10_000,
      })
      .toBe(1);
    await manager.kill(first.session.id);
    const again = await manager.create({
      workDir,
      resumeSessionId: first.session.claudeSessionId,
      prompt: 'what was the word?',
    });
    expect(again.reused).toBe(false);
    expect(again.session.permissionMode).toBe('acceptEdits');
    expect((await manager.waitForDelivery(again.session.id, again.prompt!.id)).delivered).toBe(true);
    const req = await fake.waitForPrompt((p) => p.humanText === 'what was the word?', 15_000);
    expect(JSON.stringify(req.body)).toContain('remember the word pelican'); // the conversation was resumed
    await manager.waitFor(again.session.id, 'idle', 30_000);
    await expect
      .poll(
        async () =>
          (await manager.events.replay(0, { sessionId: again.session.id }))
            .filter((e) => e.type === 'message.user')
            .map((e) => (e.data as { text: string }).text),
        { timeout: 10_000 },
      )
      .toEqual(['what was the word?']); // earlier messages are not announced again
    await manager.kill(again.session.id);
  });

  it('reports Claude exiting on its own as exited with its code', async () => {
    const workDir = await tempDir('aegis-core-exit-');
    const { session } = await manager.create({ workDir, reuse: false });
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    // a slash command goes through `command` (`send` refuses a leading "/"); the session may end before it returns
    await manager.command(session.id, { command: '/exit' }).catch(() => undefined);
    await expect.poll(() => manager.get(session.id).endedAt !== null, { timeout: 15_000 }).toBe(true);
    expect(manager.get(session.id)).toMatchObject({ status: 'exited', endReason: 'exited', exitCode: 0 });
    await expect.poll(() => processesIn(workDir), { timeout: 10_000 }).toEqual([]);
    expect((await manager.health(session.id)).alive).toBe(false);
  });

  it('kill leaves no process behind', async () => {
    const workDir = await tempDir('aegis-core-kill-');
    const { session } = await manager.create({ workDir, prompt: 'KWSLEEP', reuse: false });
    // `sleep` may or may not need a permission, depending on the version
    await expect
      .poll(() => manager.get(session.id).status === 'permission_prompt' || processesIn(workDir).length > 1, {
        timeout: 30_000,
      })
      .toBe(true);
    if (manager.get(session.id).status === 'permission_prompt') await manager.approve(session.id);
    await expect.poll(() => processesIn(workDir).length, { timeout: 15_000 }).toBeGreaterThan(1); // claude + sleep
    const events: string[] = [];
    const unsub = manager.events.subscribe((e) => e.sessionId === session.id && events.push(e.type));
    await manager.kill(session.id);
    unsub();
    await expect.poll(() => processesIn(workDir), { timeout: 10_000 }).toEqual([]);
    expect(events).toContain('session.ended');
    expect(manager.get(session.id)).toMatchObject({ status: 'exited', endReason: 'killed' });
  });

  it(
    're-adopts a session after the Aegis process is SIGKILLed',
    async () => {
      const stateDir = await tempDir('aegis-core-restart-');
      const workDir = await tempDir('aegis-core-restart-work-');
      const restartSocket = `${socket}-r`;
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, 'testing', 'e2e-child.ts'),
          stateDir,
          restartSocket,
          claudeBinary(version),
          workDir,
        ],
        {
          env: env as NodeJS.ProcessEnv,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      const { id } = JSON.parse(line) as { id: string };
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const again = await SessionManager.start({
        stateDir,
        socketName: restartSocket,
        claudePath: claudeBinary(version),
        env,
      });
      try {
        expect(again.get(id).endedAt).toBeNull();
        expect(await again.waitFor(id, 'idle', 30_000)).toBe(true);
        const types = (await again.events.replay(0)).filter((e) => e.sessionId === id).map((e) => e.type);
        expect(types.filter((t) => t === 'session.created')).toHaveLength(1);
        expect(types).toContain('session.adopted');
        const r = await again.send(id, 'after the restart');
        expect(r).toMatchObject({ delivered: true });
        await fake.waitForPrompt((p) => p.humanText === 'after the restart', 15_000);
        expect(humanTexts().filter((t) => t === 'after the restart')).toHaveLength(1);
      } finally {
        await again.shutdown({ killSessions: true });
        killTmuxServer(restartSocket);
      }
    },
    PROCESS_TIMEOUT,
  );
});
