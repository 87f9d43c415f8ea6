// Test helper: Claude Code's turn as the manager sees it, played on a FakeTerminal.
import type { AegisEvent } from '../events.js';
import { type FakeTerminal, SCREENS, postHook } from './fake-manager.js';

/** A fake Claude: Enter → UserPromptSubmit hook + working screen; `finish()` → idle. */
export function fakeClaude(terminal: FakeTerminal, o: { hook?: boolean } = {}) {
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
export async function finishTurn(terminal: FakeTerminal, pane: string): Promise<void> {
  await postHook(terminal, pane, { hook_event_name: 'Stop', session_id: 'c' });
  terminal.setScreen(pane, SCREENS.idle);
}

export const types = (events: AegisEvent[]) => events.map((e) => e.type);
