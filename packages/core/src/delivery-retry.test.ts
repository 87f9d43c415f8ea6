import { describe, expect, it } from 'vitest';
import type { Target } from './terminal.js';
import { SCREENS, fakeManager, idleWithDraft, postHook } from './testing/fake-manager.js';

describe('delivery after a dropped Enter', () => {
  it('submits our draft again when it still sits in the box, even if the screen flickered meanwhile', async () => {
    const { manager, terminal, workDir } = await fakeManager({ delivery: { confirmTimeoutMs: 1500, echoWaitMs: 30 } }); // past the screen-only idle debounce
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const submitted: string[] = [];
    let drop = true;
    terminal.onSubmit = (pane, text) => {
      if (!text) return;
      if (drop) {
        // Claude Code ignored this Enter (the end of the last turn was still being drawn): the text stays, and the
        // spinner of that turn flickers once
        drop = false;
        terminal.setScreen(pane, SCREENS.working);
        void terminal.sendText(pane as Target, text);
        terminal.setScreen(pane, idleWithDraft(text));
        return;
      }
      submitted.push(text);
      terminal.setScreen(pane, SCREENS.working);
      postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: text }).catch(
        () => undefined,
      );
    };
    const r = await manager.send(session.id, 'only once please');
    expect(r).toMatchObject({ delivered: true, attempts: 2, confirmedBy: 'hook' });
    expect(submitted).toEqual(['only once please']);
    await manager.shutdown({ killSessions: true });
  });
});
