import { describe, expect, it } from 'vitest';
import { IDLE, WORKING_A, WORKING_B, hook, screen, status, trackerOnFakeClock } from './testing/tracker-fixtures.js';

describe('StateTracker: turns', () => {
  it('starts in starting and reaches idle from the screen alone', () => {
    const { t } = trackerOnFakeClock();
    expect(t.state.kind).toBe('starting');
    t.onScreen('user@host:/p$ claude\n');
    expect(t.state.kind).toBe('starting');
    t.onScreen(screen('02-idle/120x40-fresh-start.txt'));
    expect(t.state.kind).toBe('idle');
  });

  it('reports the trust dialog although the status file does not exist yet', () => {
    const { t } = trackerOnFakeClock();
    t.onStatusFile(null);
    t.onScreen(screen('01-trust-dialog/80x24.txt'));
    expect(t.state).toMatchObject({ kind: 'trust_prompt', folder: '/tmp/aegis-capture-trust80-XXXXXX' });
    t.onHook(hook('SessionStart-startup'));
    t.onScreen(screen('02-idle/80x24-fresh-start.txt'));
    expect(t.state.kind).toBe('idle');
  });

  it('reports idle at the Stop hook itself: no wait for the redraw or the status file', () => {
    const { t, clock, kinds } = trackerOnFakeClock();
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
    const { t, clock, kinds } = trackerOnFakeClock();
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
    const { t, clock } = trackerOnFakeClock();
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
    const { t, clock, kinds } = trackerOnFakeClock();
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
    const { t, clock } = trackerOnFakeClock();
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
    const { t, clock } = trackerOnFakeClock();
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
    const { t, clock } = trackerOnFakeClock();
    t.onHook(hook('UserPromptSubmit'));
    clock.advance(1000);
    t.onTranscript({ kind: 'interrupted', at: clock.now() });
    clock.advance(200);
    expect(t.state).toMatchObject({ kind: 'idle', lastTurn: { outcome: 'interrupted' } });
  });

  it('API error: StopFailure (no Stop) reports error at once, then idle', () => {
    const { t, clock, kinds } = trackerOnFakeClock({ errorHoldMs: 3000 });
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
    const { t, clock } = trackerOnFakeClock({ errorHoldMs: 1000 });
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
    const { t } = trackerOnFakeClock();
    t.onStatusFile(status('busy'));
    t.onScreen(screen('08-api-error/120x40-529-retrying.txt'));
    expect(t.state).toMatchObject({ kind: 'error', retrying: true, attempt: 4, maxAttempts: 10 });
  });

  it('stall: working with no growth for the threshold; an animating spinner is not progress', () => {
    const { t, clock, kinds } = trackerOnFakeClock({ stallMs: 60_000 });
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
    const { t, clock } = trackerOnFakeClock({ stallMs: 10_000 });
    t.onStatusFile(status('busy'));
    t.onScreen(screen(WORKING_A));
    clock.advance(9_000);
    t.onScreen(screen(WORKING_B)); // 28 → 41 tokens
    clock.advance(9_000);
    expect(t.state.kind).toBe('working');
    clock.advance(1_000);
    expect(t.state.kind).toBe('stalled');
  });
});
