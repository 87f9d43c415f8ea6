import { describe, expect, it } from 'vitest';
import type { AegisEvent } from '../events.js';
import { SCREENS, fakeManager, postHook } from '../testing/fake-manager.js';

describe('Session', () => {
  it('is one object per session: info, send, read, events, waitFor, end; an ended one still reads', async () => {
    const { manager, terminal, workDir } = await fakeManager();
    terminal.onSubmit = (pane, text) => {
      if (!text) return;
      terminal.setScreen(pane, SCREENS.working);
      void postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: text });
    };
    const created = await manager.create({ workDir });
    const session = manager.session(created.session.id);
    expect(manager.session(session.id)).toBe(session);
    const seen: AegisEvent[] = [];
    const stop = session.events((e) => void seen.push(e));
    expect(await session.waitFor('idle', 2000)).toBe(true);
    expect(await session.send('hello')).toMatchObject({ queued: false, delivered: true, confirmedBy: 'hook' });
    expect(session.info()).toMatchObject({ id: session.id, workDir: created.session.workDir, endedAt: null });
    expect(await session.read.pane()).toBe(SCREENS.working);
    expect(seen.map((e) => e.type)).toEqual(expect.arrayContaining(['message.queued', 'message.delivered']));
    expect(seen.every((e) => e.sessionId === session.id)).toBe(true);

    await session.end();
    stop();
    expect(session.info()).toMatchObject({ status: 'exited', endReason: 'killed' });
    const ended = manager.session(session.id);
    expect(ended.info().endReason).toBe('killed');
    expect(await ended.read.pane()).toBe('');
    expect(await ended.waitFor('exited', 10)).toBe(true);
    await expect(ended.send('again')).rejects.toMatchObject({ code: 'SESSION_EXITED' });
    expect(() => manager.session('00000000-0000-4000-8000-000000000000')).toThrow(
      expect.objectContaining({ code: 'SESSION_NOT_FOUND' }),
    );
    await manager.shutdown();
  });
});
