import { spawn, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir as makeTempDir,
  type FakeModel,
} from '@aegis/testkit';
import { SessionManager, normalizePrompt } from './index.js';
import { processesIn } from './testing/fake-manager.js';

const PROCESS_TIMEOUT = 120_000;

const created: string[] = [];
/** A fresh (untrusted) temp folder, removed after the suite. */
async function tempDir(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix);
  created.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Kills the test's tmux server and removes its socket file (tmux leaves it behind). */
function killTmux(socket: string): void {
  try {
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* already gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

const TEXTS: [string, string][] = [
  ['quotes', `say "double" and 'single' and \`backticks\``],
  ['shell', '$(whoami) $HOME ; && | echo not-run'],
  ['unicode', 'unicode ü 漢字 🚀'],
  ['long', Array.from({ length: 3000 }, (_, i) => 'lorem ipsum dolor sit amet 0123456789 '[i % 38]).join('')],
  ['multi-line', 'first line\n\nthird line after a blank one'],
  ['tabs', 'col1\tcol2\tcol3'],
  ['dash', '- leading dash item'],
];

describe.each(CLAUDE_VERSIONS)('Claude Code %s through @aegis/core', (version) => {
  let fake: FakeModel;
  let manager: SessionManager;
  let env: Record<string, string | undefined>;
  let configDir: string;
  const socket = `aegis-test-core-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    fake = await startFakeModel();
    configDir = await createClaudeConfigDir({ version });
    created.push(configDir);
    env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    manager = await SessionManager.start({
      stateDir: await tempDir('aegis-core-state-'),
      socketName: socket,
      claudePath: claudeBinary(version),
      env,
    });
  });
  afterAll(async () => {
    await manager?.shutdown({ killSessions: true });
    killTmux(socket);
    await fake?.close();
  });

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

  it('100 sends in a row, many while busy, reach the model in order, each exactly once', async () => {
    const workDir = await tempDir('aegis-core-hundred-');
    const { session } = await manager.create({ workDir, reuse: false });
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    const texts = Array.from({ length: 100 }, (_, i) => `sequence message ${i}`);
    let queued = 0;
    for (const text of texts) if ((await manager.send(session.id, text)).queued) queued++;
    const received = () => humanTexts().filter((t): t is string => t?.startsWith('sequence message ') === true);
    await expect.poll(() => received().length, { timeout: 180_000, interval: 500 }).toBe(100);
    expect(received()).toEqual(texts);
    expect(queued).toBeGreaterThan(0);
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    await manager.kill(session.id);
  }, 240_000);

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

  it('delivers each text exactly once and unmangled', async () => {
    const workDir = await tempDir('aegis-core-texts-');
    const { session } = await manager.create({ workDir, reuse: false });
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    for (const [name, text] of TEXTS) {
      const r = await manager.send(session.id, text);
      expect(r, name).toMatchObject({ queued: false, delivered: true });
      const want = normalizePrompt(text);
      await fake.waitForPrompt((p) => p.humanText === want, 15_000);
      expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
      expect(
        humanTexts().filter((t) => t === want),
        name,
      ).toHaveLength(1);
    }
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
        killTmux(restartSocket);
      }
    },
    PROCESS_TIMEOUT,
  );
});
