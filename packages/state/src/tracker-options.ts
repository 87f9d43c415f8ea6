import type { Clock } from './clock.js';
import type { ExpectedSession } from './status-file.js';

export interface StateTrackerOptions {
  /** Time source and timers. Default: the real clock. */
  clock?: Clock;
  /** Claude Code version (picks the screen pattern table). Default: newest table. */
  version?: string;
  /** What the caller knows about the session, for the status file's pid-reuse guard. */
  expect?: ExpectedSession;
  /**
   * Wait before reporting idle when a hook, the status file or the transcript says so. Default 200 ms:
   * the signals of one turn end disagree for at most ~125 ms (Stop hook → idle screen ≤ 63 ms,
   * final SSE → JSONL record ≤ 124 ms; fixtures/timings).
   */
  idleDebounceMs?: number;
  /**
   * Wait before reporting idle when a hook / the status file / the transcript says idle AND the screen, redrawn
   * since the turn state began, shows the idle input box (no spinner, nothing queued) AND the status file, unless
   * older than that signal, says idle. The disagreement the longer debounce absorbs is over once they agree.
   * Default 0 ms.
   */
  agreedIdleDebounceMs?: number;
  /**
   * Wait before reporting idle when the deciding signal is the Stop hook (Claude Code fires it 10–20 ms after the
   * model's last byte, before it redraws), no queued message shows on the screen and no status file written after
   * the hook says busy. Default 0 ms: the Stop hook is the strongest end-of-turn signal; a later contradiction (a
   * queued prompt the hook did not know) turns the state back to working with its evidence.
   */
  stopHookIdleDebounceMs?: number;
  /** Wait before reporting idle seen only on the screen (spinner redraws, rotating footers). Default 500 ms. */
  screenIdleDebounceMs?: number;
  /** Working with no growth for this long is `stalled`. Default 5 minutes. */
  stallMs?: number;
  /** A dialog open this long emits `dialog_unanswered` (once per dialog). Default 5 minutes. */
  dialogUnansweredMs?: number;
  /** How long an API error is reported as `error` before the session reads `idle` again. Default 5 s. */
  errorHoldMs?: number;
}
