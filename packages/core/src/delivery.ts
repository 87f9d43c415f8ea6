import { isTmuxError } from '@aegis/tmux';
import { DeliveryError } from './errors.js';
import type { ConfirmedBy } from './events.js';
import { boxShowsEnd } from './box-end.js';
import { timerOn } from './dialog-keys.js';
import { sleep, type Clock } from './io.js';
import { planInput, type InputMethodOptions } from './input-method.js';
import type { SessionRuntime } from './runtime.js';
import type { Target, Terminal } from './terminal.js';
import { sameMessage } from './text-match.js';

/**
 * Outcome of one verified send. `delivered: false` with `unknown: true` means "not confirmed": never resend blindly.
 * `submittedDifferently` (never with `delivered: true`): Claude Code submitted a text that is not ours (cut or
 * changed); `seen` is what its hook or transcript recorded.
 */
export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  confirmedBy: ConfirmedBy | null;
  unknown: boolean;
  submittedDifferently: { seen: string } | null;
}

export interface DeliveryOptions extends InputMethodOptions {
  /** Attempts (Enter presses) at most. Default 3. */
  maxAttempts?: number;
  /** Wait for confirmation after each Enter. Default 4000 ms. */
  confirmTimeoutMs?: number;
  /**
   * Longest wait for the evidence of a submission in all (waiting is safe, typing again is not). Default 30 s: on a
   * loaded machine the hook or transcript record of a submit can come many seconds late.
   */
  confirmWindowMs?: number;
}

interface Ctx {
  rt: SessionRuntime;
  terminal: Terminal;
  clock: Clock;
  pane: Target;
}

async function inputText(c: Ctx): Promise<string | undefined> {
  await c.rt.screen.refresh();
  const s = c.rt.state;
  return s.kind === 'idle' ? s.input : undefined;
}

async function typeText(c: Ctx, text: string, o: DeliveryOptions): Promise<void> {
  // a typed Tab is a key (completion), not text; Claude Code stores tabs as four spaces anyway
  const plan = planInput(text.replace(/\t/g, '    '), o, c.rt.record.claudeVersion);
  const setTimer = timerOn(c.clock);
  // Flow control: each piece (and the Enter after the last) only once Claude Code drew again (tmux's output push,
  // not a capture: one round trip less per piece). Else reads pile up: several pieces look like one paste, and an
  // Enter in the same read as text is not a submit.
  // a redraw still running (e.g. the end of the last turn) would pass for the echo of a piece
  if (plan.chunks.length > 1) await settle(c, plan.quietMs);
  for (const chunk of plan.chunks) {
    const echoed = c.rt.screen.nextOutput(plan.echoWaitMs, setTimer);
    await c.terminal.sendText(c.pane, chunk, { mode: plan.mode });
    await echoed;
    if (plan.chunks.length > 1) await drained(c, plan.drainMs, plan.echoWaitMs);
    if (plan.pauseMs > 0) await sleep(c.clock, plan.pauseMs);
  }
  // Several pieces, a paste, or a session's first text: the Enter only once the box shows the text's end. Measured on
  // 2.1.332 (issue #18): a 117-character first text typed the moment a fresh session's box appeared was drawn
  // 100-300 ms later, and an Enter sent after its first echo was no submit in 3 of 8 creates. Later single pieces are
  // read at once (the Enter after the echo submitted them in every property run; 2.1.332 takes ~60 ms more to draw).
  if (plan.chunks.length > 1 || plan.mode === 'paste' || c.rt.submissionSeq === 0)
    await drawnToEnd(c, plan.mode === 'paste' ? plan.chunks[0]! : text, plan.mode === 'paste', plan.echoWaitMs);
}

/**
 * Waits (at most `maxMs`) until the input box shows the end of `text` (or, `pasted`, a paste marker). An echo can
 * come when Claude Code has read only a first part; an Enter sent then is read with the rest and is no submit
 * (measured under load, issue #18: two long texts reached the model joined by a newline), and a half-drawn box
 * passed for a foreign draft (2.1.197: it was cleared with C-u, three of which reached the model as `\u0015`).
 */
async function drawnToEnd(c: Ctx, text: string, pasted: boolean, maxMs: number): Promise<void> {
  const setTimer = timerOn(c.clock);
  const until = c.clock.now() + maxMs;
  for (;;) {
    const changed = c.rt.screen.nextChange(Math.max(1, until - c.clock.now()), setTimer);
    await c.rt.screen.refresh();
    if (boxShowsEnd(c.rt.screen.last, text.replace(/\t/g, '    '), pasted)) return;
    if (c.clock.now() >= until || !(await changed)) return;
  }
}

/**
 * Waits (at most `maxMs`) until tmux reported no output of the pane for `quietMs`. A piece's echo can come when
 * Claude Code has read only its first part; what is left is read with the next piece (or with the Enter, which is
 * then no submit), and output that is no echo (a late frame) lets pieces pile up into one read over 800 units: a
 * paste. Measured once tmux calls took ~0.1 ms instead of a process each (issue #18).
 */
async function drained(c: Ctx, quietMs: number, maxMs: number): Promise<void> {
  const setTimer = timerOn(c.clock);
  const until = c.clock.now() + maxMs;
  while (c.clock.now() < until && (await c.rt.screen.nextOutput(quietMs, setTimer)));
}

/** Waits (boundedly) until the screen stayed unchanged for `quietMs`; at once when it already has. */
async function settle(c: Ctx, quietMs: number): Promise<void> {
  const setTimer = timerOn(c.clock);
  for (let i = 0; i < 15; i++) {
    const quiet = c.rt.screen.quietFor();
    if (quiet >= quietMs) return;
    if (!(await c.rt.screen.nextChange(quietMs - quiet, setTimer))) return;
  }
}

/** A tmux call that timed out: it may still have run. */
const slow = (e: unknown) => isTmuxError(e) && e.code === 'TIMEOUT';

/** Awaits `p`; a timed-out tmux call yields undefined (the caller goes by evidence), anything else throws. */
async function tolerate<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (slow(e)) return undefined;
    throw e;
  }
}

const squash = (t: string) => t.normalize('NFC').replace(/\s+/g, ' ').trim();

/** True when the box visibly holds something that is not part of `text` (its first 30 characters are not ours). */
async function foreignDraft(c: Ctx, text: string): Promise<boolean> {
  const box = squash((await inputText(c)) ?? '');
  return (
    box.length > 0 && !box.startsWith('[Pasted text') && !squash(text.replace(/\t/g, '    ')).includes(box.slice(0, 30))
  );
}

/**
 * Empties the box. Measured on every pinned version: C-u deletes one drawn row of a wrapped draft. True once the box
 * reads empty on a screen that stayed quiet (a capture in the middle of a redraw can show it blank: a retype then
 * joined the rest of the draft); false when it is not, and then nothing may be typed.
 */
async function clearInput(c: Ctx): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await inputText(c)) {
      await c.terminal.sendKeys(c.pane, ['C-u']);
      continue;
    }
    await settle(c, 60);
    if (!(await inputText(c))) return c.rt.state.kind === 'idle';
  }
  return false;
}

/** The box holds `text` (or, `prefix`, a first part of it), wrapping aside: the box breaks a long line anywhere. */
function boxHolds(box: string, text: string, prefix = false): boolean {
  const strip = (t: string) => t.normalize('NFC').replace(/\s+/g, '');
  const b = strip(box);
  const t = strip(text.replace(/\t/g, '    '));
  return prefix ? t.startsWith(b) : b === t;
}

/**
 * Sends `text` as a verified transaction: type (method per version and length), a separate Enter, then wait for
 * the UserPromptSubmit hook with the same text, a new user record in the transcript or the status file turning
 * busy. A stuck draft is repaired (submitted, or cleared and re-typed when it is not our text); an empty box is
 * never typed into again (a submit empties it too); a missing confirmation ends as `unknown`, never a blind resend.
 */
export async function deliver(
  rt: SessionRuntime,
  terminal: Terminal,
  clock: Clock,
  text: string,
  o: DeliveryOptions = {},
): Promise<DeliveryResult> {
  try {
    return await transact(rt, terminal, clock, text, o);
  } catch (cause) {
    throw new DeliveryError(
      'DELIVERY_FAILED',
      `could not type into session ${rt.id}: ${(cause as Error).message}`,
      { sessionId: rt.id },
      { cause },
    );
  }
}

const TYPE_TRIES = 5;

/** `retry`: a timed-out call of an earlier try may still have typed, so the box is read (and cleared) first. */
async function prepareAndType(c: Ctx, text: string, o: DeliveryOptions, retry: boolean): Promise<void> {
  const s = c.rt.state;
  // The newest capture shows the input box drawn and empty (no capture running that could bring a change): nothing
  // to clear, so type at once. Measured (issue #18): text typed right when a fresh session's box appeared arrived
  // exactly on every pinned version, given the Enter waits until the box shows it; keys are dropped only before the
  // box is drawn.
  if (!retry && s.kind === 'idle' && !s.input && c.rt.tracker.inputReady && c.rt.screen.quietFor() > 0) {
    await typeText(c, text, o);
    return;
  }
  // Right after a turn Claude Code is still redrawing: a half-drawn frame can pass for a draft, and keys sent then
  // reach the next prompt as literal characters (2.1.197: a C-u arrived as "\u0015" in front of the message).
  const { quietMs } = planInput(text, o);
  await settle(c, quietMs);
  // quiet since the feed's last capture (it captures on every output push): that capture is the screen now
  const after = c.rt.state;
  const captured = !retry && c.rt.screen.quietFor() >= quietMs;
  const draft = captured ? (after.kind === 'idle' ? after.input : undefined) : await inputText(c);
  // someone's leftover draft would be submitted with ours
  if (draft && !(await clearInput(c)))
    throw new DeliveryError('DELIVERY_FAILED', `the input box of session ${c.rt.id} could not be cleared`, {
      sessionId: c.rt.id,
    });
  await typeText(c, text, o);
}

async function transact(
  rt: SessionRuntime,
  terminal: Terminal,
  clock: Clock,
  text: string,
  o: DeliveryOptions,
): Promise<DeliveryResult> {
  const c: Ctx = { rt, terminal, clock, pane: rt.record.paneId as Target };
  const maxAttempts = o.maxAttempts ?? 3;
  const timeout = o.confirmTimeoutMs ?? 4000;
  const since = rt.submissionSeq;
  // A slow tmux (loaded machine) costs time, not the message: nothing is submitted before Enter, so a timed-out
  // call while preparing or typing starts the typing over (the leftover draft is cleared first).
  for (let i = 1; ; i++) {
    try {
      await prepareAndType(c, text, o, i > 1);
      break;
    } catch (e) {
      if (!slow(e) || i >= TYPE_TRIES) throw e;
      await sleep(clock, 1000 * i);
    }
  }
  if (await tolerate(foreignDraft(c, text))) {
    // measured on 2.1.197: the previous message reappeared in the box after the check above and ours was appended
    // to it; clear and type once more (a second mismatch is submitted and reported as what it was)
    if (await clearInput(c)) await typeText(c, text, o);
  }
  // from the first Enter on, a timed-out tmux call may still have happened: only evidence decides, never a throw
  await tolerate(terminal.sendKeys(c.pane, ['Enter']));
  let attempts = 1; // Enter presses
  const deadline = clock.now() + (o.confirmWindowMs ?? 30_000);
  for (;;) {
    let by = await rt.waitForSubmission(since, text, timeout);
    if (!by) {
      await tolerate(Promise.all([rt.screen.refresh(), rt.transcript.check()]));
      by = rt.findSubmission(since, text);
    }
    if (by) {
      rt.noteDelivered(text);
      return { delivered: true, attempts, confirmedBy: by, unknown: false, submittedDifferently: null };
    }
    const unconfirmed = (): DeliveryResult => {
      const seen = rt.submittedTextsSince(since)[0];
      return {
        delivered: false,
        attempts,
        confirmedBy: null,
        unknown: seen === undefined,
        submittedDifferently: seen === undefined ? null : { seen },
      };
    };
    if (rt.stopped || clock.now() >= deadline) return unconfirmed();
    const s = rt.state;
    if (s.kind === 'idle' && s.input && (sameMessage(text, s.input) || boxHolds(s.input, text))) {
      if (attempts >= maxAttempts) return unconfirmed();
      // our whole text still sits in the box: it was not submitted (a submit empties the box), whatever else moved
      // meanwhile (a flicker of the last turn's end counts as activity) — measured: the Enter right after a turn
      // ended is sometimes dropped
      await tolerate(terminal.sendKeys(c.pane, ['Enter']));
      attempts++;
      continue;
    }
    // another text was submitted: ours was cut or changed (or someone else typed); never type it again
    if (rt.submittedTextsSince(since).length > 0) return unconfirmed();
    // the session worked (probably our submit, its evidence late) or is not idle (maybe a dialog): waiting is safe,
    // typing is not
    if (rt.activitySince(since) || s.kind !== 'idle') continue;
    const box = s.input ?? '';
    if (box && !boxHolds(box, text, true) && attempts < maxAttempts) {
      // something else (or a mangled draft): not our text, so not submitted; clear and re-type (only into an empty
      // box: measured, a clear that left a wrapped line behind made the retyped text join it)
      const retyped = await tolerate(
        clearInput(c).then(async (cleared) => cleared && (await typeText(c, text, o), true)),
      );
      if (retyped !== false) {
        await tolerate(terminal.sendKeys(c.pane, ['Enter']));
        attempts++;
      }
    }
    // An empty box is what a submit leaves too, and a part of our text may be a frame drawn while we typed; on a
    // loaded machine the submit's evidence can come late (seen: the same prompt twice). Waiting again is safe;
    // typing again is not.
  }
}
