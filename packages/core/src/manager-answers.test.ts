import { describe, expect, it } from 'vitest';
import { SCREENS, fakeManager, postHook, waitUntil } from './testing/fake-manager.js';

describe('SessionManager answers on a fake terminal', () => {
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
});
