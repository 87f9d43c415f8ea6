import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { projectSlug } from '@aegis/transcript';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AegisEvent } from './events.js';
import { type FakeTerminal, SCREENS, fakeManager, postHook, waitUntil } from './testing/fake-manager.js';

/** A fake Claude: Enter → UserPromptSubmit hook + working screen; `finish()` → idle. */
function fakeClaude(terminal: FakeTerminal, o: { hook?: boolean } = {}) {
  const submitted: string[] = [];
  terminal.onSubmit = (pane, text) => {
    if (!text) return;
    submitted.push(text);
    terminal.setScreen(pane, SCREENS.working);
    if (o.hook !== false)
      void postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: text });
  };
  return submitted;
}

/** The turn ends as Claude Code ends it: Stop hook, then the idle screen. */
async function finishTurn(terminal: FakeTerminal, pane: string): Promise<void> {
  await postHook(terminal, pane, { hook_event_name: 'Stop', session_id: 'c' });
  terminal.setScreen(pane, SCREENS.idle);
}

const types = (events: AegisEvent[]) => events.map((e) => e.type);

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

  it('answers the trust gate by identity and delivers the first prompt only once idle, exactly once', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted = fakeClaude(terminal);
    terminal.onKeys = (pane, keys) => {
      if (keys[0] === '1' && terminal.panes.get(pane)?.screen === SCREENS.trust) terminal.setScreen(pane, SCREENS.idle);
    };
    const orig = terminal.createWindow.bind(terminal);
    terminal.createWindow = async (o) => {
      const w = await orig(o);
      terminal.panes.get(w.paneId)!.screen = SCREENS.trust;
      return w;
    };
    const { session, prompt } = await manager.create({ workDir, prompt: 'hello world' });
    expect(prompt).not.toBeNull();
    const result = await manager.waitForDelivery(session.id, prompt!.id);
    expect(result).toMatchObject({ delivered: true, attempts: 1, confirmedBy: 'hook' });
    expect(terminal.keysSent()[0]).toBe('1');
    expect(submitted).toEqual(['hello world']);
    const ev = types(await manager.events.replay(0));
    expect(ev).toContain('gate.shown');
    expect(ev.indexOf('gate.shown')).toBeLessThan(ev.indexOf('message.delivered'));
    await manager.shutdown();
  });

  it('queues sends while working and delivers them in order when idle', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted = fakeClaude(terminal);
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const first = await manager.send(session.id, 'one');
    expect(first).toMatchObject({ queued: false, delivered: true });
    await manager.waitFor(session.id, 'working', 2000);
    const two = await manager.send(session.id, 'two');
    const three = await manager.send(session.id, { text: 'three' });
    expect(two).toMatchObject({ queued: true, position: 1 });
    expect(three).toMatchObject({ queued: true, position: 2 });
    expect(submitted).toEqual(['one']);
    await finishTurn(terminal, session.paneId);
    await manager.waitForDelivery(session.id, two.id);
    expect(submitted).toEqual(['one', 'two']);
    await finishTurn(terminal, session.paneId);
    await manager.waitForDelivery(session.id, three.id);
    expect(submitted).toEqual(['one', 'two', 'three']);
    const delivered = (await manager.events.replay(0))
      .filter((e) => e.type === 'message.delivered')
      .map((e) => (e.data as { messageId: string }).messageId);
    expect(delivered).toEqual([first.id, two.id, three.id]);
    await manager.shutdown();
  });

  it('waitFor idle waits while a message is queued or being delivered (right after create with a prompt)', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted = fakeClaude(terminal);
    const { session, prompt } = await manager.create({ workDir, prompt: 'first' });
    expect(await manager.waitFor(session.id, ['idle', 'working'], 5000)).toBe(true);
    expect(submitted).toEqual(['first']); // working came first: idle did not count while the prompt was queued
    await manager.waitForDelivery(session.id, prompt!.id);
    await finishTurn(terminal, session.paneId);
    expect(await manager.waitFor(session.id, 'idle', 5000)).toBe(true);
    expect(manager.get(session.id)).toMatchObject({ status: 'idle', queueLength: 0 });
    await manager.shutdown();
  });

  it('a timeout is unknown, never a blind resend', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted = fakeClaude(terminal, { hook: false }); // works, but no confirmation ever arrives
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const r = await manager.send(session.id, 'only once');
    expect(r).toMatchObject({ queued: false, delivered: false, unknown: true });
    expect(submitted).toEqual(['only once']);
    expect(terminal.textsSent(session.paneId)).toEqual(['only once']);
    expect(types(await manager.events.replay(0))).toContain('message.unconfirmed');
    await manager.shutdown();
  });

  it('never types into an empty box again: a submit empties it too, and its evidence can come late', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted: string[] = [];
    terminal.onSubmit = (pane, text) => {
      if (!text) return;
      submitted.push(text);
      terminal.setScreen(pane, SCREENS.idle); // submitted: the box is empty, but nothing says busy yet and no hook comes
    };
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const r = await manager.send(session.id, 'late evidence');
    expect(r).toMatchObject({ queued: false, delivered: false, unknown: true });
    expect(terminal.textsSent(session.paneId)).toEqual(['late evidence']);
    expect(submitted).toEqual(['late evidence']);
    await manager.shutdown();
  });

  it('reports DELIVERY_FAILED when typing fails, and the queue goes on with the next message', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted = fakeClaude(terminal);
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const sendText = terminal.sendText.bind(terminal);
    terminal.sendText = async () => {
      throw new Error('tmux refused');
    };
    await expect(manager.send(session.id, 'lost')).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
    terminal.sendText = sendText;
    expect(await manager.send(session.id, 'next')).toMatchObject({ delivered: true });
    expect(submitted).toEqual(['next']);
    await manager.shutdown({ killSessions: true });
    expect(manager.get(session.id)).toMatchObject({ endReason: 'shutdown' });
  });

  it('repairs a stuck draft by submitting it, without typing it again', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    let enters = 0;
    terminal.onSubmit = (pane, text) => {
      enters++;
      if (enters === 1) {
        terminal.panes.get(pane)!.box = text; // the first Enter is swallowed: the draft stays
        return;
      }
      terminal.setScreen(pane, SCREENS.working);
      void postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: text });
    };
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const r = await manager.send(session.id, 'stuck text');
    expect(r).toMatchObject({ delivered: true, attempts: 2, confirmedBy: 'hook' });
    expect(terminal.textsSent(session.paneId)).toEqual(['stuck text']);
    await manager.shutdown();
  });

  it('approves a permission prompt exactly once (keys), a second approve is ALREADY_ANSWERED', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    terminal.setScreen(session.paneId, SCREENS.permission);
    await manager.waitFor(session.id, 'permission_prompt', 2000);
    const info = manager.get(session.id);
    expect(info.pendingPrompt?.options.map((o) => o.id)).toEqual(['yes', 'yes_always_allow', 'no']);
    // Claude Code closes the dialog on its digit: the answer is confirmed by the dialog leaving the screen.
    terminal.onKeys = (pane, keys) => {
      if (keys.includes('1')) terminal.setScreen(pane, SCREENS.idle);
    };
    const [first, second] = await Promise.allSettled([manager.approve(session.id), manager.approve(session.id)]);
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'ALREADY_ANSWERED' } });
    const r = (first as PromiseFulfilledResult<Awaited<ReturnType<typeof manager.approve>>>).value;
    expect(r).toMatchObject({ via: 'keys', optionId: 'yes', promptId: info.pendingPrompt!.id });
    await expect(manager.reject(session.id, { promptId: r.promptId! })).rejects.toMatchObject({
      code: 'ALREADY_ANSWERED',
    });
    expect(terminal.keysSent(session.paneId)).toEqual(['1']);
    await manager.waitFor(session.id, 'idle', 2000);
    await expect(manager.approve(session.id)).rejects.toMatchObject({ code: 'NOT_IN_DIALOG' });
    await manager.shutdown();
  });

  it('presses the digit again when a freshly drawn dialog dropped it, and only while that dialog stays', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    terminal.setScreen(session.paneId, SCREENS.permission);
    await manager.waitFor(session.id, 'permission_prompt', 2000);
    let presses = 0;
    terminal.onKeys = (pane, keys) => {
      if (keys.includes('1') && ++presses === 2) terminal.setScreen(pane, SCREENS.idle);
    };
    await manager.approve(session.id);
    expect(terminal.keysSent(session.paneId)).toEqual(['1', '1']);
    await manager.shutdown();
  });

  it('answers through a pending PermissionRequest hook (allow once / deny), no keypress', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const held = postHook(terminal, session.paneId, {
      hook_event_name: 'PermissionRequest',
      session_id: 'c',
      tool_name: 'Bash',
      tool_input: { command: 'echo hi' },
    });
    await waitUntil(() => manager.get(session.id).pendingPrompt?.viaHook);
    expect(manager.get(session.id).status).toBe('permission_prompt');
    terminal.setScreen(session.paneId, SCREENS.permission); // drawn just after the hook
    await waitUntil(() => manager.get(session.id).pendingPrompt?.options.length);
    const requested = (await manager.events.replay(0)).filter((e) => e.type === 'permission.requested');
    expect(requested).toHaveLength(1);
    expect((requested[0]!.data as { options: { id: string }[] }).options.map((o) => o.id)).toEqual([
      'yes',
      'yes_always_allow',
      'no',
    ]);
    await manager.approve(session.id);
    expect((await held).body).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } },
    });
    expect(terminal.keysSent(session.paneId)).toEqual([]);
    await expect(manager.approve(session.id)).rejects.toMatchObject({ code: 'ALREADY_ANSWERED' });
    await manager.shutdown();
  });

  it('answers an AskUserQuestion through the hook with the chosen labels', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const questions = [
      { question: 'Which color?', header: 'Color', options: [{ label: 'Red' }, { label: 'Blue' }], multiSelect: false },
    ];
    const held = postHook(terminal, session.paneId, {
      hook_event_name: 'PermissionRequest',
      session_id: 'c',
      tool_name: 'AskUserQuestion',
      tool_input: { questions },
    });
    await waitUntil(() => manager.get(session.id).pendingPrompt?.viaHook);
    await expect(manager.approve(session.id)).rejects.toMatchObject({ code: 'NOT_IN_DIALOG' });
    await expect(manager.answer(session.id, { action: 'answer', options: [['purple']] })).rejects.toMatchObject({
      code: 'OPTION_NOT_FOUND',
    });
    const r = await manager.answer(session.id, { action: 'answer', options: [['blue']] });
    expect(r.via).toBe('hook');
    expect((await held).body).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PermissionRequest',
        decision: { behavior: 'allow', updatedInput: { questions, answers: { 'Which color?': 'Blue' } } },
      },
    });
    await manager.shutdown();
  });

  it('never answers PreToolUse with allow', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const { session } = await manager.create({ workDir });
    const r = await postHook(terminal, session.paneId, {
      hook_event_name: 'PreToolUse',
      session_id: 'c',
      tool_name: 'Bash',
      tool_input: { command: 'rm -rf /' },
    });
    expect(r).toEqual({ status: 200, body: {} });
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
