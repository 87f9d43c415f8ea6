/** How a text is put into Claude Code's input box. */
export interface InputPlan {
  mode: 'typed' | 'paste';
  /** Pieces sent one tmux call each, with `pauseMs` between them (so Claude Code does not take them as one paste). */
  chunks: string[];
  pauseMs: number;
  /** Longest wait for the box to redraw after a piece. */
  echoWaitMs: number;
  /** After each of several pieces, until no output came for this long (Claude Code read and drew all of it). */
  drainMs: number;
  /** Before the first of several pieces, wait until the screen was quiet this long (a redraw is not an echo). */
  quietMs: number;
}

export interface InputMethodOptions {
  /**
   * Longest piece typed at once, in UTF-16 units (Claude Code counts string length). Default 395. Measured: a read
   * of more than 800 units counts as a paste (2.1.331/2.1.332: 790 typed at once arrive as written, 850 are wrapped
   * in `<pasted_content>`). A piece's echo can come when Claude Code has read only its first part, so the rest and
   * the next piece may be read together: two pieces must stay under 800 (700-unit pieces failed 2 of 60 texts).
   */
  chunkChars?: number;
  /** Extra pause after each piece was echoed. Default 0 ms. */
  pauseMs?: number;
  /** Longest wait for the echo of a piece. Default 1000 ms. */
  echoWaitMs?: number;
  /** Quiet output needed after each of several pieces before the next piece or the Enter. Default 5 ms. */
  drainMs?: number;
  /** Quiet screen needed before typing several pieces. Default 60 ms. */
  quietMs?: number;
}

/**
 * Versions measured to give the model a bracketed paste exactly as written (issue #18): 2.1.197 shows
 * `[Pasted text #N]` and expands it on submit (3,000 characters, multi-line, the same text three times in a row, and
 * text holding literal `[Pasted text #1]` markers all arrived whole). 2.1.331 and 2.1.332 wrap a paste (and any read
 * over 800 units) in `<pasted_content id="…">` tags, in the request and in the transcript.
 */
const PASTE_AS_WRITTEN: ReadonlySet<string> = new Set(['2.1.197']);

/** Splits into pieces of at most `size` UTF-16 units, never inside a surrogate pair. */
export function splitChunks(text: string, size: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + Math.max(2, size));
    // a high surrogate at the cut keeps its low half: cut before it
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    out.push(text.slice(start, end));
    start = end;
  }
  return out.length > 0 ? out : [''];
}

/**
 * Picks the input method per version and length so the model gets the text as written: typed keys with `C-j`
 * newlines arrive exactly on every pinned version; long text is typed in pieces so it is neither wrapped as
 * `<pasted_content>` (2.1.331+) nor split into several turns, except on versions that keep a paste as written,
 * where a text longer than one piece goes in as one bracketed paste (one tmux call instead of one per piece).
 */
export function planInput(text: string, o: InputMethodOptions = {}, version: string | null = null): InputPlan {
  const chunkChars = o.chunkChars ?? 395;
  const chunks = splitChunks(text, chunkChars);
  const paste = chunks.length > 1 && version !== null && PASTE_AS_WRITTEN.has(version);
  return {
    mode: paste ? 'paste' : 'typed',
    // typed text gets NFC and its trailing whitespace trimmed by Claude Code; a paste keeps both (measured), so the
    // paste is given the same normalisation and the model gets the same text either way
    chunks: paste ? [text.normalize('NFC').trimEnd()] : chunks,
    pauseMs: o.pauseMs ?? 0,
    echoWaitMs: o.echoWaitMs ?? 1000,
    drainMs: o.drainMs ?? 5,
    quietMs: o.quietMs ?? 60,
  };
}
