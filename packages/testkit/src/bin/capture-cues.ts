/** Screen cues used by the capture script (kept loose on purpose: they must hold for several Claude Code versions). */
import type { Cue, Snapshot } from './capture-pane.js';

export const has =
  (re: RegExp): Cue =>
  (s) =>
    re.test(s.screen);

export const all =
  (...cues: Cue[]): Cue =>
  (s) =>
    cues.every((c) => c(s));

export const any =
  (...cues: Cue[]): Cue =>
  (s) =>
    cues.some((c) => c(s));

/** An empty input line `❯ ` (U+276F). */
export const PROMPT_EMPTY = /^❯[ \u00a0]*$/m;
/** A spinner line: `<glyph> <Verb>… (…)` (U+2026). */
export const SPINNER = /^[^\s❯●⎿│─] \S[^\n]*…/m;

export function working(screen: string): boolean {
  return /esc to interrupt/.test(screen) || SPINNER.test(screen);
}

/** Idle: status file says idle, the input line is empty, no spinner and no `esc to interrupt`. */
export const idle: Cue = (s: Snapshot) =>
  !s.dead && s.status?.status === 'idle' && PROMPT_EMPTY.test(s.screen) && !working(s.screen);

export const busy: Cue = (s) => s.status?.status === 'busy';

export const waiting: Cue = (s) => s.status?.status === 'waiting';

export const dead: Cue = (s) => s.dead;

/**
 * The menu row under the cursor: the last non-empty `❯ …` line (earlier ones are prompt echoes in the
 * transcript), without the glyph and any `N. ` number.
 */
export function selectedOption(screen: string): string | undefined {
  let found: string | undefined;
  for (const line of screen.split('\n')) {
    const m = /^\s*❯[ \u00a0]+(?:\d\.\s+)?(\S.*)$/.exec(line);
    if (m) found = m[1]!.trim();
  }
  return found;
}

/** A numbered menu row `❯ 2. Label` / `  2. Label`: the digit of the first row whose label matches. */
export function optionDigit(screen: string, label: RegExp): string | undefined {
  for (const line of screen.split('\n')) {
    const m = /^\s*(?:❯\s*)?(\d)\.\s+(.*)$/.exec(line);
    if (m && label.test(m[2]!)) return m[1];
  }
  return undefined;
}
