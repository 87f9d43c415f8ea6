import { describe, expect, it } from 'vitest';
import { fakeClaude, finishTurn, types } from './testing/fake-claude.js';
import { SCREENS, fakeManager, postHook } from './testing/fake-manager.js';

describe('SessionManager delivery on a fake terminal', () => {
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
});
