import { describe, expect, it } from 'vitest';
import { parseStatusFile } from './status-file.js';
import { BASH_PROMPT, IDLE, WORKING_A, hook, screen, status, trackerOnFakeClock } from './testing/tracker-fixtures.js';

describe('StateTracker: dialogs, exits and status files', () => {
  it('never hides a permission prompt: the hook shows it before the screen does', () => {
    const { t, kinds } = trackerOnFakeClock();
    t.onHook(hook('UserPromptSubmit'));
    t.onScreen(screen(WORKING_A));
    t.onHook(hook('PreToolUse-Bash'));
    t.onHook(hook('PermissionRequest-Bash'));
    expect(t.state).toMatchObject({
      kind: 'permission_prompt',
      tool: 'Bash',
      command: 'echo hi > out.txt',
      options: [],
    });
    t.onScreen(screen(BASH_PROMPT));
    expect(t.state).toMatchObject({ kind: 'permission_prompt', tool: 'Bash' });
    if (t.state.kind !== 'permission_prompt') return;
    expect(t.state.options.map((o) => o.id)).toEqual(['yes', 'yes_always_allow', 'no']);
    expect(kinds()).toEqual(['working', 'permission_prompt']); // options arriving is not a new transition
  });

  it('never hides a permission prompt: status file waiting and the dialog on screen, no hooks', () => {
    const { t } = trackerOnFakeClock();
    t.onStatusFile(status('busy'));
    t.onScreen(screen(WORKING_A));
    t.onScreen(screen(BASH_PROMPT)); // screen first, status file lags
    expect(t.state.kind).toBe('permission_prompt');
    t.onStatusFile(status('waiting', 'permission prompt'));
    expect(t.state.kind).toBe('permission_prompt');
  });

  it('permission answered by a hook: PostToolUse ends the prompt although the last screen still shows it', () => {
    const { t, clock } = trackerOnFakeClock();
    t.onHook(hook('UserPromptSubmit'));
    t.onHook(hook('PermissionRequest-Bash'));
    t.onScreen(screen('21-permission-hook-answered/120x40-while-slow-http-hook-pending-1s.txt'));
    expect(t.state.kind).toBe('permission_prompt');
    clock.advance(4000);
    t.onHook(hook('PostToolUse-Bash'));
    expect(t.state.kind).toBe('working');
    t.onHook(hook('Stop'));
    t.onScreen(screen('21-permission-hook-answered/120x40-after-slow-http-hook-allowed.txt'));
    clock.advance(200);
    expect(t.state.kind).toBe('idle');
  });

  it('AskUserQuestion and plan approval take their content from the hook, options from the screen', () => {
    const { t } = trackerOnFakeClock();
    t.onHook(hook('UserPromptSubmit'));
    t.onHook(hook('PermissionRequest-AskUserQuestion'));
    t.onScreen(screen('06-ask-user-question/120x40-with-hooks.txt'));
    expect(t.state).toMatchObject({
      kind: 'asking',
      questions: [{ header: 'Color', text: 'Which color should the button be?', multiSelect: false }],
    });
    t.onHook(hook('PostToolUse-AskUserQuestion'));
    t.onHook(hook('PermissionRequest-ExitPlanMode'));
    t.onScreen(screen('07-plan-approval/120x40.txt'));
    expect(t.state).toMatchObject({ kind: 'plan_approval', plan: expect.stringContaining('Plan: greeting file') });
  });

  it('reports a dialog left unanswered as an event, not a state change', () => {
    const { t, clock, events } = trackerOnFakeClock({ dialogUnansweredMs: 60_000 });
    t.onStatusFile(status('waiting', 'permission prompt'));
    t.onScreen(screen(BASH_PROMPT));
    clock.advance(59_999);
    expect(events.some((e) => e.type === 'dialog_unanswered')).toBe(false);
    clock.advance(1);
    const ev = events.find((e) => e.type === 'dialog_unanswered');
    expect(ev).toMatchObject({ type: 'dialog_unanswered', since: 1_000_000, state: { kind: 'permission_prompt' } });
    expect(t.state.kind).toBe('permission_prompt');
    clock.advance(600_000);
    expect(events.filter((e) => e.type === 'dialog_unanswered')).toHaveLength(1);
  });

  it('Claude exiting: the process exit is final', () => {
    const { t } = trackerOnFakeClock();
    t.onScreen(screen(IDLE));
    t.onHook(hook('SessionEnd-prompt_input_exit'));
    expect(t.state.kind).toBe('exited');
    t.onProcessExit(0, null);
    expect(t.state).toMatchObject({ kind: 'exited', code: 0, signal: null });
    t.onScreen(screen(IDLE));
    expect(t.state.kind).toBe('exited');
  });

  it('Claude exiting seen only on the screen (shell prompt back)', () => {
    const { t } = trackerOnFakeClock();
    t.onScreen(screen(IDLE));
    t.onStatusFile(null);
    t.onScreen(screen('11-shell-after-exit/120x40-after-ctrl-c-twice.txt'));
    expect(t.state.kind).toBe('exited');
  });

  it('a session whose status file never appears still gets every state from hooks and screen', () => {
    const { t, clock, kinds } = trackerOnFakeClock();
    t.onScreen(screen('02-idle/120x40-with-hooks.txt'));
    t.onHook(hook('UserPromptSubmit'));
    t.onScreen(screen(WORKING_A));
    expect(t.state.kind).toBe('working');
    t.onHook(hook('PreToolUse-Bash'));
    t.onHook(hook('PermissionRequest-Bash'));
    t.onScreen(screen('04-permission-bash/120x40-with-hooks.txt'));
    expect(t.state.kind).toBe('permission_prompt');
    t.onHook(hook('PostToolUse-Bash'));
    t.onHook(hook('Stop'));
    t.onScreen(screen(IDLE));
    clock.advance(200);
    expect(t.state.kind).toBe('idle');
    expect(kinds()).toEqual(['idle', 'working', 'permission_prompt', 'working', 'idle']);
  });

  it('ignores a status file that belongs to another process (pid reuse)', () => {
    const { t, clock } = trackerOnFakeClock({ expect: { pid: 42, sessionId: 'sess-1' } });
    t.onScreen(screen(IDLE));
    t.onStatusFile(parseStatusFile({ pid: 42, sessionId: 'other', status: 'busy', statusUpdatedAt: 5 }));
    clock.advance(1000);
    expect(t.state.kind).toBe('idle');
    t.onStatusFile(status('busy'));
    expect(t.state.kind).toBe('working');
  });

  it('trusts the status file over a screen that reads idle (the footer moved)', () => {
    const { t, clock } = trackerOnFakeClock();
    t.onStatusFile(status('busy'));
    t.onScreen(screen(IDLE));
    clock.advance(5000);
    expect(t.state.kind).toBe('working');
  });

  it('every transition carries from, to, at and evidence', () => {
    const { t, events } = trackerOnFakeClock();
    t.onHook(hook('UserPromptSubmit'));
    const e = events[0];
    expect(e).toMatchObject({ type: 'transition', from: { kind: 'starting' }, to: { kind: 'working' }, at: 1_000_000 });
    expect(e?.type === 'transition' && e.evidence[0]).toMatchObject({ source: 'hook', detail: 'UserPromptSubmit' });
  });
});
