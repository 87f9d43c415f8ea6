import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectSlug } from '@aegis/transcript';
import { describe, expect, it } from 'vitest';
import { fakeClaude } from './testing/fake-claude.js';
import { SCREENS, fakeManager, waitUntil } from './testing/fake-manager.js';

describe('SessionManager on a fake terminal', () => {
  it('validates input: INVALID_WORKDIR, ENV_DENIED, INVALID_INPUT', async () => {
    const { manager, workDir } = await fakeManager();
    await expect(manager.create({ workDir: '/no/such/dir' })).rejects.toMatchObject({ code: 'INVALID_WORKDIR' });
    await expect(manager.create({ workDir, env: { LD_PRELOAD: '/x.so' } })).rejects.toMatchObject({
      code: 'ENV_DENIED',
    });
    await expect(manager.create({ workDir, env: { PATH: '/evil' } })).rejects.toMatchObject({ code: 'ENV_DENIED' });
    await expect(manager.create({ workDir, permissionMode: 'yolo' as never })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await manager.shutdown();
  });

  it('launches with an argument array, passes the needed env only, pre-trusts the realpath, never exposes the secret', async () => {
    const { manager, terminal, workDir, configDir } = await fakeManager();
    const { session } = await manager.create({ workDir: `${workDir}/.`, env: { MY_FLAG: '1' } });
    const argv = terminal.commandOf(session.paneId);
    expect(argv.slice(0, 5)).toEqual([
      '/bin/true',
      '--session-id',
      session.claudeSessionId,
      '--permission-mode',
      'default',
    ]);
    const settingsPath = argv[argv.indexOf('--settings') + 1]!;
    expect((await stat(settingsPath)).mode & 0o777).toBe(0o600);
    const settings = await readFile(settingsPath, 'utf8');
    expect(settings).toContain('"type":"http"');
    const env = terminal.envOf(session.paneId);
    expect(env).toMatchObject({ ANTHROPIC_API_KEY: 'sk-test', CLAUDE_CONFIG_DIR: configDir, MY_FLAG: '1' });
    expect(env.SECRET_OF_AEGIS).toBeUndefined();
    const config = JSON.parse(await readFile(join(configDir, '.claude.json'), 'utf8'));
    expect(config.projects[workDir]).toEqual({ hasTrustDialogAccepted: true });
    expect(config.projects['/elsewhere']).toEqual({ keep: 1 });
    const secret = JSON.parse(settings).hooks.Stop[0].hooks[0].headers['x-aegis-hook-secret'] as string;
    expect(JSON.stringify(manager.get(session.id))).not.toContain(secret);
    expect(JSON.stringify(manager.list())).not.toContain(secret);
    expect(JSON.stringify(await manager.events.replay(0))).not.toContain(secret);
    await manager.shutdown();
  });

  it('kill ends the session (killed); a process exit ends it as exited with its code or signal', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const a = (await manager.create({ workDir, reuse: false })).session;
    const b = (await manager.create({ workDir, reuse: false })).session;
    const c = (await manager.create({ workDir, reuse: false })).session;
    await manager.kill(a.id);
    expect(terminal.panes.has(a.paneId)).toBe(false);
    expect(manager.get(a.id)).toMatchObject({ status: 'exited', endReason: 'killed' });
    await expect(manager.send(a.id, 'x')).rejects.toMatchObject({ code: 'SESSION_EXITED' });
    terminal.exit(b.paneId, 3);
    await waitUntil(() => manager.get(b.id).endedAt !== null);
    expect(manager.get(b.id)).toMatchObject({ endReason: 'exited', exitCode: 3, exitSignal: null });
    terminal.exit(c.paneId, null, 9); // tmux: pane_dead_signal 9
    await waitUntil(() => manager.get(c.id).endedAt !== null);
    expect(manager.get(c.id)).toMatchObject({ endReason: 'exited', exitCode: null, exitSignal: 'SIGKILL' });
    const ended = (await manager.events.replay(0)).filter((e) => e.type === 'session.ended');
    expect(ended.map((e) => e.data)).toEqual([
      { reason: 'killed', code: null, signal: null },
      { reason: 'exited', code: 3, signal: null },
      { reason: 'exited', code: null, signal: 'SIGKILL' },
    ]);
    await expect(manager.kill('nope')).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await manager.shutdown();
  });

  it('kill announces the transcript entries not yet read before session.ended', async () => {
    const { manager, workDir, configDir } = await fakeManager({ transcriptPollMs: 60_000 }); // the poll never comes
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const dir = join(configDir, 'projects', projectSlug(workDir));
    await mkdir(dir, { recursive: true });
    const line = {
      type: 'user',
      uuid: '22222222-2222-4222-8222-222222222222',
      parentUuid: null,
      timestamp: '2026-01-01T00:00:00.000Z',
      sessionId: session.claudeSessionId,
      message: { role: 'user', content: 'last words' },
    };
    await writeFile(join(dir, `${session.claudeSessionId}.jsonl`), JSON.stringify(line) + '\n');
    await manager.kill(session.id);
    const types = (await manager.events.replay(0))
      .map((e) => e.type)
      .filter((t) => t === 'message.user' || t === 'session.ended');
    expect(types).toEqual(['message.user', 'session.ended']);
    await manager.shutdown();
  });

  it('re-adopts live windows after a restart, marks vanished ones, repeats no event', async () => {
    const first = await fakeManager();
    const keep = (await first.manager.create({ workDir: first.workDir, reuse: false })).session;
    const gone = (await first.manager.create({ workDir: first.workDir, reuse: false })).session;
    await first.manager.waitFor(keep.id, 'idle', 2000);
    const before = first.manager.events.lastId;
    await first.manager.shutdown(); // sessions keep running
    expect(first.terminal.panes.size).toBe(2);
    first.terminal.remove(gone.paneId);
    const second = await fakeManager({ root: first.root, terminal: first.terminal });
    expect(second.manager.get(keep.id).endedAt).toBeNull();
    expect(second.manager.get(gone.id)).toMatchObject({ status: 'exited', endReason: 'vanished' });
    await second.manager.waitFor(keep.id, 'idle', 2000);
    const after = (await second.manager.events.replay(before)).map(
      (e) => `${e.type}:${e.sessionId === keep.id ? 'keep' : 'gone'}`,
    );
    expect(after.sort()).toEqual(['session.adopted:keep', 'session.ended:gone']);
    const submitted = fakeClaude(first.terminal);
    expect(await second.manager.send(keep.id, 'after restart')).toMatchObject({ delivered: true, confirmedBy: 'hook' });
    expect(submitted).toEqual(['after restart']);
    await second.manager.shutdown({ killSessions: true });
    expect(first.terminal.panes.size).toBe(0);
  });

  it('announces transcript messages once, also when a crash lost the saved offset', async () => {
    const first = await fakeManager({ transcriptPollMs: 50 });
    const { session } = await first.manager.create({ workDir: first.workDir });
    const dir = join(first.configDir, 'projects', projectSlug(first.workDir));
    await mkdir(dir, { recursive: true });
    const line = {
      type: 'user',
      uuid: '11111111-1111-4111-8111-111111111111',
      parentUuid: null,
      timestamp: '2026-01-01T00:00:00.000Z',
      sessionId: session.claudeSessionId,
      message: { role: 'user', content: 'from the transcript' },
    };
    await writeFile(join(dir, `${session.claudeSessionId}.jsonl`), JSON.stringify(line) + '\n');
    await waitUntil(async () => (await first.manager.events.replay(0)).some((e) => e.type === 'message.user'));
    await first.manager.shutdown();
    const stateFile = join(first.root, 'state', 'sessions.json');
    const saved = JSON.parse(await readFile(stateFile, 'utf8'));
    saved.sessions[0].transcriptOffset = 0; // as if the process died before saving the offset
    await writeFile(stateFile, JSON.stringify(saved));
    const second = await fakeManager({ root: first.root, terminal: first.terminal, transcriptPollMs: 50 });
    await second.manager.waitFor(session.id, 'idle', 2000);
    await new Promise((r) => setTimeout(r, 300));
    const users = (await second.manager.events.replay(0)).filter((e) => e.type === 'message.user');
    expect(users.map((e) => (e.data as { text: string }).text)).toEqual(['from the transcript']);
    const page = await second.manager.transcript(session.id);
    expect(page.entries.map((e) => e.kind)).toEqual(['user_prompt']);
    await second.manager.shutdown({ killSessions: true });
  });

  it('refuses to start (TMUX_UNAVAILABLE) rather than mark sessions vanished when tmux does not answer', async () => {
    const first = await fakeManager();
    const { session } = await first.manager.create({ workDir: first.workDir });
    await first.manager.shutdown();
    const broken = first.terminal;
    const list = broken.listWindows.bind(broken);
    broken.listWindows = async () => {
      throw new Error('tmux timed out');
    };
    await expect(fakeManager({ root: first.root, terminal: broken })).rejects.toMatchObject({
      code: 'TMUX_UNAVAILABLE',
    });
    broken.listWindows = list;
    const again = await fakeManager({ root: first.root, terminal: broken });
    expect(again.manager.get(session.id).endedAt).toBeNull();
    await again.manager.shutdown({ killSessions: true });
  });

  it('reuses an idle session in the same folder (reused: true) and delivers the prompt', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted = fakeClaude(terminal);
    const a = await manager.create({ workDir });
    await manager.waitFor(a.session.id, 'idle', 2000);
    const b = await manager.create({ workDir, prompt: 'again' });
    expect(b.reused).toBe(true);
    expect(b.session.id).toBe(a.session.id);
    expect(submitted).toEqual(['again']);
    const c = await manager.create({ workDir });
    expect(c.reused).toBe(false); // a is working now
    await manager.shutdown();
  });

  it('refuses to resume a Claude session that is still running', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const { session } = await manager.create({ workDir });
    await expect(manager.create({ workDir, resumeSessionId: session.claudeSessionId })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await manager.kill(session.id);
    const again = await manager.create({
      workDir,
      resumeSessionId: session.claudeSessionId,
      permissionMode: undefined,
    });
    expect(again.session).toMatchObject({ claudeSessionId: session.claudeSessionId, permissionMode: 'default' });
    expect(terminal.commandOf(again.session.paneId).slice(1, 3)).toEqual(['--resume', session.claudeSessionId]);
    await manager.shutdown({ killSessions: true });
  });

  it('creates in batches with per-item results', async () => {
    const { manager, workDir } = await fakeManager();
    const r = await manager.createBatch([{ workDir, reuse: false }, { workDir: '/nope' }, { workDir, reuse: false }]);
    expect(r.map((x) => x.ok)).toEqual([true, false, true]);
    expect(r[1]).toMatchObject({ ok: false, error: { code: 'INVALID_WORKDIR' } });
    await expect(manager.createBatch([])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await manager.shutdown();
  });

  it('reports health with actionable hints', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const { session } = await manager.create({ workDir });
    terminal.setScreen(session.paneId, SCREENS.permission);
    await manager.waitFor(session.id, 'permission_prompt', 2000);
    const h = await manager.health(session.id);
    expect(h).toMatchObject({ alive: true, windowExists: true, claudeRunning: true, status: 'permission_prompt' });
    expect(h.hints.join(' ')).toMatch(/approve or reject/);
    expect(await manager.pane(session.id)).toBe(SCREENS.permission);
    await manager.kill(session.id);
    expect(await manager.health(session.id)).toMatchObject({ alive: false, windowExists: false, status: 'exited' });
    await manager.shutdown();
  });
});
