// Turn ends and dialog ends as the real CLI orders them: the status file is polled and lags the screen and hooks.
import { describe, expect, it } from 'vitest';
import { parseStatusFile } from './status-file.js';
import {
  BASH_PROMPT,
  IDLE,
  WORKING_A,
  WORKING_B,
  hook,
  trackerOnFakeClock,
  screen,
  status,
} from './testing/tracker-fixtures.js';

describe('StateTracker with lagging signals (status file polled, screen pushed)', () => {
  it('reports idle at once when the status file and a freshly drawn idle screen agree', () => {
    const { t, clock, kinds } = trackerOnFakeClock();
    t.onStatusFile(status('idle'));
    t.onScreen(screen(IDLE));
    t.onHook(hook('UserPromptSubmit'));
    t.onStatusFile(status('busy'));
    clock.advance(10);
    t.onScreen(screen(WORKING_A));
    clock.advance(1000);
    t.onStatusFile(status('idle'));
    expect(t.state.kind).toBe('working'); // the screen still shows the spinner: debounce
    clock.advance(20);
    t.onScreen(screen(IDLE));
    expect(t.state.kind).toBe('idle'); // all agree: no further wait
    expect(kinds()).toEqual(['idle', 'working', 'idle']);
  });

  it('the Stop hook ends the turn before the screen is redrawn and the status file rewritten; both then confirm it', () => {
    const { t, clock, kinds } = trackerOnFakeClock();
    t.onStatusFile(status('busy'));
    t.onHook(hook('UserPromptSubmit'));
    clock.advance(10);
    t.onScreen(screen(WORKING_A));
    clock.advance(1000);
    t.onHook(hook('Stop'));
    expect(t.state.kind).toBe('idle');
    clock.advance(30);
    t.onScreen(screen(IDLE));
    clock.advance(70);
    t.onStatusFile(status('idle'));
    expect(t.state.kind).toBe('idle');
    expect(kinds()).toEqual(['working', 'idle']);
  });

  it('a status file newer than the deciding signal and still busy keeps the debounce', () => {
    const { t, clock } = trackerOnFakeClock();
    t.onHook(hook('UserPromptSubmit'));
    clock.advance(10);
    t.onScreen(screen(WORKING_A));
    clock.advance(1000);
    t.onHook(hook('Stop'));
    clock.advance(5);
    t.onStatusFile(status('busy'));
    clock.advance(5);
    t.onScreen(screen(IDLE));
    expect(t.state.kind).toBe('working'); // the busy status file is the freshest level
  });

  it('a dialog closed on screen while the status file still says waiting is not a new permission prompt', () => {
    const { t, clock, kinds } = trackerOnFakeClock();
    t.onStatusFile(status('busy'));
    t.onScreen(screen(WORKING_A));
    clock.advance(100);
    t.onStatusFile(status('waiting', 'permission prompt'));
    t.onScreen(screen(BASH_PROMPT));
    expect(t.state.kind).toBe('permission_prompt');
    clock.advance(1000);
    const before = kinds().length;
    t.onScreen(screen('04-permission-bash/120x40-after-escape-reject.txt'));
    clock.advance(50);
    t.onStatusFile(status('idle'));
    clock.advance(500);
    expect(t.state.kind).toBe('idle');
    expect(kinds().slice(before)).toEqual(['idle']);
  });

  it('an answered dialog: the spinner is back while the status file still says waiting', () => {
    const { t, clock, kinds } = trackerOnFakeClock();
    t.onStatusFile(status('busy'));
    t.onScreen(screen(WORKING_A));
    clock.advance(100);
    t.onStatusFile(status('waiting', 'permission prompt'));
    t.onScreen(screen(BASH_PROMPT));
    clock.advance(1000);
    const before = kinds().length;
    t.onScreen(screen(WORKING_B));
    expect(t.state.kind).toBe('working');
    clock.advance(50);
    t.onStatusFile(status('busy'));
    expect(kinds().slice(before)).toEqual(['working']);
  });

  it('orders the status file by its own write time when that is on the tracker clock', () => {
    const { t, clock } = trackerOnFakeClock();
    t.onStatusFile(status('busy'));
    t.onHook(hook('UserPromptSubmit'));
    clock.advance(1000);
    t.onHook(hook('PostToolUse-Bash'));
    // written 30 ms before the hook, read 20 ms after it: the hook is the fresher fact
    t.onStatusFile(
      parseStatusFile({
        pid: 42,
        sessionId: 'sess-1',
        startedAt: 1,
        status: 'waiting',
        waitingFor: 'permission prompt',
        updatedAt: clock.now() - 30,
        statusUpdatedAt: clock.now() - 30,
      }),
    );
    expect(t.state.kind).toBe('working');
  });

  it('an idle screen that was not redrawn during the turn does not shorten the debounce', () => {
    const { t, clock } = trackerOnFakeClock();
    t.onScreen(screen(IDLE));
    t.onStatusFile(status('idle'));
    clock.advance(10);
    t.onStatusFile(status('busy'));
    expect(t.state.kind).toBe('working');
    clock.advance(10);
    t.onStatusFile(status('idle'));
    expect(t.state.kind).toBe('working');
    clock.advance(200);
    expect(t.state.kind).toBe('idle');
  });
});
