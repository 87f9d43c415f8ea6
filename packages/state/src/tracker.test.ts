import { beforeEach, describe, expect, it } from 'vitest';
import { parseStatusFile } from './status-file.js';
import { FakeClock } from './testing/fakes.js';
import {
  BASH_PROMPT,
  IDLE,
  WORKING_A,
  WORKING_B,
  hook,
  resetStatusFiles,
  screen,
  status,
} from './testing/tracker-fixtures.js';
import { StateTracker, type StateTrackerOptions } from './tracker.js';
import type { TrackerEvent } from './types.js';

describe('StateTracker', () => {
  let clock: FakeClock;
  let events: TrackerEvent[];
  let t: StateTracker;
  const make = (o: StateTrackerOptions = {}) => {
    t = new StateTracker({ clock, ...o });
    t.subscribe((e) => events.push(e));
    return t;
  };
  const kinds = () =>
    events.filter((e) => e.type === 'transition').map((e) => (e.type === 'transition' ? e.to.kind : ''));
  beforeEach(() => {
    clock = new FakeClock();
    events = [];
    resetStatusFiles();
  });

  it('starts in starting and reaches idle from the screen alone', () => {
    make();
    expect(t.state.kind).toBe('starting');
    t.onScreen('user@host:/p$ claude\n');
    expect(t.state.kind).toBe('starting');
    t.onScreen(screen('02-idle/120x40-fresh-start.txt'));
    expect(t.state.kind).toBe('idle');
  });

  it('reports the trust dialog although the status file does not exist yet', () => {
    make();
    t.onStatusFile(null);
    t.onScreen(screen('01-trust-dialog/80x24.txt'));
    expect(t.state).toMatchObject({ kind: 'trust_prompt', folder: '/tmp/aegis-capture-trust80-XXXXXX' });
    t.onHook(hook('SessionStart-startup'));
    t.onScreen(screen('02-idle/80x24-fresh-start.txt'));
    expect(t.state.kind).toBe('idle');
  });

  it('reports idle at the Stop hook itself: no wait for the redraw or the status file', () => {
    make();
    t.onScreen(screen(IDLE));
    t.onHook(hook('UserPromptSubmit'));
    t.onStatusFile(status('busy'));
    t.onScreen(screen(WORKING_A));
    expect(t.state.kind).toBe('working'); // no debounce towards working
    clock.advance(50);
    t.onHook(hook('Stop'));
    expect(t.state.kind).toBe('idle');
    expect(kinds()).toEqual(['idle', 'working', 'idle']);
  });

  it('debounces idle after other end-of-turn signals, and only as long as needed', () => {
    make();
    t.onScreen(screen(IDLE));
    t.onTranscript({ kind: 'user_prompt', at: clock.now() });
    expect(t.state.kind).toBe('working');
    clock.advance(10);
    t.onTranscript({ kind: 'turn_completed', at: clock.now() });
    expect(t.state.kind).toBe('working');
    clock.advance(199);
    expect(t.state.kind).toBe('working');
    clock.advance(1);
    expect(t.state.kind).toBe('idle');
    expect(kinds()).toEqual(['idle', 'working', 'idle']);
  });

  it('a status file written after the Stop hook that says busy holds the idle back (a prompt the hook did not know)', () => {
    make();
    t.onHook(hook('UserPromptSubmit'));
    t.onScreen(screen(WORKING_A));
    clock.advance(100);
    t.onHook(hook('Stop'));
    expect(t.state.kind).toBe('idle');
    clock.advance(5);
    t.onStatusFile(status('busy'));
    expect(t.state.kind).toBe('working');
    expect(t.state.evidence[0]).toMatchObject({ source: 'status_file' });
  });

  it('queued input while working: Stop then the queued prompt shows no idle flash', () => {
    make();
    t.onHook(hook('UserPromptSubmit'));
    t.onScreen(screen('24-queued-input-while-working/120x40-after-enter-while-working.txt'));
    expect(t.state).toMatchObject({ kind: 'working', queued: ['a queued follow-up message'] });
    t.onHook(hook('Stop'));
    clock.advance(30);
    t.onHook(hook('UserPromptSubmit', { prompt: 'a queued follow-up message' }));
    clock.advance(1000);
    expect(t.state.kind).toBe('working');
    expect(kinds()).toEqual(['working']);
  });

  it('interrupt (no hook fires): the status file going idle ends the turn', () => {
    make();
    t.onHook(hook('UserPromptSubmit'));
    t.onStatusFile(status('busy'));
    t.onScreen(screen(WORKING_A));
    clock.advance(2000);
    t.onStatusFile(status('idle'));
    t.onScreen(screen('09-interrupted/120x40-after-escape.txt'));
    clock.advance(200);
    expect(t.state).toMatchObject({ kind: 'idle', lastTurn: { outcome: 'interrupted' } });
  });

  it('interrupt without status file or transcript: a screen that turned idle after the last hook wins', () => {
    make();
    t.onHook(hook('UserPromptSubmit'));
    t.onScreen(screen(WORKING_A));
    clock.advance(3000);
    t.onScreen(screen('09-interrupted/120x40-after-escape.txt'));
    clock.advance(499);
    expect(t.state.kind).toBe('working'); // screen-only idle waits longer
    clock.advance(1);
    expect(t.state).toMatchObject({ kind: 'idle', lastTurn: { outcome: 'interrupted' } });
  });

  it('interrupt seen in the transcript ends the turn', () => {
    make();
    t.onHook(hook('UserPromptSubmit'));
    clock.advance(1000);
    t.onTranscript({ kind: 'interrupted', at: clock.now() });
    clock.advance(200);
    expect(t.state).toMatchObject({ kind: 'idle', lastTurn: { outcome: 'interrupted' } });
  });

  it('API error: StopFailure (no Stop) reports error at once, then idle', () => {
    make({ errorHoldMs: 3000 });
    t.onHook(hook('UserPromptSubmit'));
    t.onStatusFile(status('busy'));
    clock.advance(500);
    t.onHook(hook('StopFailure'));
    t.onStatusFile(status('idle')); // the level follows a few ms later: the error must not be lost
    expect(t.state).toMatchObject({
      kind: 'error',
      retrying: false,
      message: expect.stringContaining('API Error: 400'),
    });
    clock.advance(3000);
    expect(t.state).toMatchObject({ kind: 'idle', lastTurn: { outcome: 'api_error' } });
    expect(kinds()).toEqual(['working', 'error', 'idle']);
  });

  it('API error seen only in the transcript (api_error then turn_duration)', () => {
    make({ errorHoldMs: 1000 });
    t.onTranscript({ kind: 'user_prompt', at: clock.now() });
    clock.advance(100);
    t.onTranscript([
      { kind: 'api_error', at: clock.now(), message: 'API Error: 500 Internal server error' },
      { kind: 'turn_completed', at: clock.now() },
    ]);
    expect(t.state).toMatchObject({ kind: 'error', message: 'API Error: 500 Internal server error' });
    clock.advance(1000);
    expect(t.state.kind).toBe('idle');
  });

  it('retrying API errors are an error with retrying: true', () => {
    make();
    t.onStatusFile(status('busy'));
    t.onScreen(screen('08-api-error/120x40-529-retrying.txt'));
    expect(t.state).toMatchObject({ kind: 'error', retrying: true, attempt: 4, maxAttempts: 10 });
  });

  it('stall: working with no growth for the threshold; an animating spinner is not progress', () => {
    make({ stallMs: 60_000 });
    t.onHook(hook('UserPromptSubmit'));
    t.onStatusFile(status('busy'));
    t.onScreen(screen('20-stalled-no-tokens/120x40-3s.txt'));
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      t.onScreen(screen(i % 2 ? '20-stalled-no-tokens/120x40-3s.txt' : '20-stalled-no-tokens/120x40-20s.txt')); // spinner animates
    }
    expect(t.state.kind).toBe('working');
    clock.advance(10_000);
    expect(t.state).toMatchObject({ kind: 'stalled', since: 1_000_000 });
    t.onTranscript({ kind: 'growth', at: clock.now(), bytes: 1234 });
    expect(t.state.kind).toBe('working');
    expect(kinds()).toEqual(['working', 'stalled', 'working']);
  });

  it('stall: a growing token counter is progress', () => {
    make({ stallMs: 10_000 });
    t.onStatusFile(status('busy'));
    t.onScreen(screen(WORKING_A));
    clock.advance(9_000);
    t.onScreen(screen(WORKING_B)); // 28 → 41 tokens
    clock.advance(9_000);
    expect(t.state.kind).toBe('working');
    clock.advance(1_000);
    expect(t.state.kind).toBe('stalled');
  });

  it('never hides a permission prompt: the hook shows it before the screen does', () => {
    make();
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
    make();
    t.onStatusFile(status('busy'));
    t.onScreen(screen(WORKING_A));
    t.onScreen(screen(BASH_PROMPT)); // screen first, status file lags
    expect(t.state.kind).toBe('permission_prompt');
    t.onStatusFile(status('waiting', 'permission prompt'));
    expect(t.state.kind).toBe('permission_prompt');
  });

  it('permission answered by a hook: PostToolUse ends the prompt although the last screen still shows it', () => {
    make();
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
    make();
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
    make({ dialogUnansweredMs: 60_000 });
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
    make();
    t.onScreen(screen(IDLE));
    t.onHook(hook('SessionEnd-prompt_input_exit'));
    expect(t.state.kind).toBe('exited');
    t.onProcessExit(0, null);
    expect(t.state).toMatchObject({ kind: 'exited', code: 0, signal: null });
    t.onScreen(screen(IDLE));
    expect(t.state.kind).toBe('exited');
  });

  it('Claude exiting seen only on the screen (shell prompt back)', () => {
    make();
    t.onScreen(screen(IDLE));
    t.onStatusFile(null);
    t.onScreen(screen('11-shell-after-exit/120x40-after-ctrl-c-twice.txt'));
    expect(t.state.kind).toBe('exited');
  });

  it('a session whose status file never appears still gets every state from hooks and screen', () => {
    make();
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
    make({ expect: { pid: 42, sessionId: 'sess-1' } });
    t.onScreen(screen(IDLE));
    t.onStatusFile(parseStatusFile({ pid: 42, sessionId: 'other', status: 'busy', statusUpdatedAt: 5 }));
    clock.advance(1000);
    expect(t.state.kind).toBe('idle');
    t.onStatusFile(status('busy'));
    expect(t.state.kind).toBe('working');
  });

  it('trusts the status file over a screen that reads idle (the footer moved)', () => {
    make();
    t.onStatusFile(status('busy'));
    t.onScreen(screen(IDLE));
    clock.advance(5000);
    expect(t.state.kind).toBe('working');
  });

  it('every transition carries from, to, at and evidence', () => {
    make();
    t.onHook(hook('UserPromptSubmit'));
    const e = events[0];
    expect(e).toMatchObject({ type: 'transition', from: { kind: 'starting' }, to: { kind: 'working' }, at: 1_000_000 });
    expect(e?.type === 'transition' && e.evidence[0]).toMatchObject({ source: 'hook', detail: 'UserPromptSubmit' });
  });
});
