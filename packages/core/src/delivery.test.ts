import { TmuxError } from '@aegis/tmux';
import { describe, expect, it } from 'vitest';
import { type FakeTerminal, SCREENS, fakeManager, postHook } from './testing/fake-manager.js';

/** A fake Claude that submits `change(text)` on Enter (its hook reports what it submitted). */
function fakeClaude(terminal: FakeTerminal, change: (t: string) => string = (t) => t) {
  const submitted: string[] = [];
  terminal.onSubmit = (pane, text) => {
    if (!text) return;
    submitted.push(change(text));
    terminal.setScreen(pane, SCREENS.working);
    void postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: change(text) });
  };
  return submitted;
}

describe('delivery truth', () => {
  it('a cut submission is reported as submittedDifferently with what was seen, never delivered', async () => {
    const { manager, terminal, workDir } = await fakeManager({
      delivery: { confirmTimeoutMs: 300, confirmWindowMs: 1500 },
    });
    fakeClaude(terminal, (t) => t.slice(0, 5));
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const r = await manager.send(session.id, 'a longer text that was cut');
    expect(r).toMatchObject({ delivered: false, unknown: false, submittedDifferently: { seen: 'a lon' } });
    const ev = (await manager.events.replay(0)).find((e) => e.type === 'message.unconfirmed');
    expect(ev?.data).toMatchObject({ submittedDifferently: { seen: 'a lon' } });
    await manager.shutdown();
  });

  it('an Enter whose tmux call timed out (but happened) costs time, not the message: delivered once', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted = fakeClaude(terminal);
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const sendKeys = terminal.sendKeys.bind(terminal);
    terminal.sendKeys = async (t, keys) => {
      await sendKeys(t, keys);
      if (keys.includes('Enter')) throw new TmuxError('TIMEOUT', 'tmux did not finish within 5000 ms', { args: [] });
    };
    expect(await manager.send(session.id, 'slow tmux')).toMatchObject({ delivered: true, confirmedBy: 'hook' });
    expect(submitted).toEqual(['slow tmux']);
    await manager.shutdown();
  });

  it('typing whose tmux call timed out is typed again (nothing was submitted yet)', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    const submitted = fakeClaude(terminal);
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const sendText = terminal.sendText.bind(terminal);
    let calls = 0;
    terminal.sendText = async (t, text) => {
      if (++calls === 1) throw new TmuxError('TIMEOUT', 'tmux did not finish within 5000 ms', { args: [] });
      return sendText(t, text);
    };
    expect(await manager.send(session.id, 'typed again')).toMatchObject({ delivered: true });
    expect(submitted).toEqual(['typed again']);
    await manager.shutdown();
  });

  it('a submit whose evidence comes late (the session already works) is waited for, not given up: delivered', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    terminal.onSubmit = (pane, text) => {
      if (!text) return;
      terminal.setScreen(pane, SCREENS.working);
      setTimeout(
        () => void postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: text }),
        900,
      );
    };
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    expect(await manager.send(session.id, 'late hook')).toMatchObject({
      delivered: true,
      attempts: 1,
      confirmedBy: 'hook',
    });
    await manager.shutdown();
  });

  it('a late transcript record of the previous message is not taken for another submission', async () => {
    const { manager, terminal, workDir } = await fakeManager({
      delivery: { confirmTimeoutMs: 300, confirmWindowMs: 3000 },
    });
    const submitted: string[] = [];
    terminal.onSubmit = (pane, text) => {
      if (!text) return;
      submitted.push(text);
      terminal.setScreen(pane, SCREENS.working);
      // the first message's hook comes at once; the second's comes late, and the first's hook is repeated meanwhile
      const late = submitted.length === 2;
      if (late)
        void postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: submitted[0]! });
      setTimeout(
        () => void postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: text }),
        late ? 800 : 0,
      );
      setTimeout(
        () =>
          void postHook(terminal, pane, { hook_event_name: 'Stop', session_id: 'c' }).then(() =>
            terminal.setScreen(pane, SCREENS.idle),
          ),
        late ? 1000 : 100,
      );
    };
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    expect(await manager.send(session.id, 'first')).toMatchObject({ delivered: true });
    await manager.waitFor(session.id, 'idle', 2000);
    expect(await manager.send(session.id, 'second')).toMatchObject({ delivered: true, submittedDifferently: null });
    await manager.shutdown();
  });
});

describe('typing starts at once', () => {
  it('types into an empty drawn box without waiting for a quiet screen (that wait is for a box holding a draft)', async () => {
    // a quiet-screen wait of a minute would outlast the test: only the empty-box path can deliver in time
    const { manager, terminal, workDir } = await fakeManager({
      delivery: { quietMs: 60_000, confirmTimeoutMs: 300, confirmWindowMs: 1500 },
    });
    const submitted = fakeClaude(terminal);
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    expect(await manager.send(session.id, 'at once')).toMatchObject({ delivered: true, attempts: 1 });
    expect(submitted).toEqual(['at once']);
    await manager.shutdown();
  });
});
