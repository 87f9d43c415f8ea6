import { describe, expect, it } from 'vitest';
import type { Target } from './terminal.js';
import { SCREENS, fakeManager, idleWithDraft, postHook, type FakeTerminal } from './testing/fake-manager.js';

/** Claude Code taking a submit: the session works and the UserPromptSubmit hook reports the text. */
function accept(terminal: FakeTerminal, pane: string, text: string, submitted: string[]): void {
  submitted.push(text);
  terminal.setScreen(pane, SCREENS.working);
  postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: text }).catch(
    () => undefined,
  );
}

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
      accept(terminal, pane, text, submitted);
    };
    const r = await manager.send(session.id, 'only once please');
    expect(r).toMatchObject({ delivered: true, attempts: 2, confirmedBy: 'hook' });
    expect(submitted).toEqual(['only once please']);
    await manager.shutdown({ killSessions: true });
  });
});

describe('delivery after an Enter read before the text was drawn', () => {
  it('a text left wrapped in the box gets another Enter, and is never typed twice', async () => {
    const { manager, terminal, workDir } = await fakeManager({ delivery: { confirmTimeoutMs: 1500, echoWaitMs: 30 } });
    const { session } = await manager.create({ workDir });
    await manager.waitFor(session.id, 'idle', 2000);
    const text = `${'-_.'.repeat(39)}`; // 117 unbroken characters, as in the property seed 1245582917
    const submitted: string[] = [];
    let drop = true;
    terminal.onSubmit = (pane, typed) => {
      if (!typed) return;
      if (drop) {
        // measured on 2.1.332: the Enter is lost and the box draws the text over two rows (it wraps at 116)
        drop = false;
        terminal.panes.get(pane)!.box = typed;
        terminal.setScreen(pane, idleWithDraft(`${typed.slice(0, 116)}\n  ${typed.slice(116)}`));
        return;
      }
      accept(terminal, pane, typed, submitted);
    };
    const r = await manager.send(session.id, text);
    expect(r).toMatchObject({ delivered: true, attempts: 2 });
    expect(submitted).toEqual([text]);
    expect(terminal.input.filter((i) => i.kind === 'text').map((i) => i.value)).toEqual([text]);
    await manager.shutdown({ killSessions: true });
  });
});
