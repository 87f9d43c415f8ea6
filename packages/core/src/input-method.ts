/** How a text is put into Claude Code's input box. */
export interface InputPlan {
  mode: 'typed' | 'paste';
  /** Pieces sent one tmux call each, with `pauseMs` between them (so Claude Code does not take them as one paste). */
  chunks: string[];
  pauseMs: number;
  /** Longest wait for the box to redraw after a piece. */
  echoWaitMs: number;
  /** Before the first of several pieces, wait until the screen was quiet this long (a redraw is not an echo). */
  quietMs: number;
}

export interface InputMethodOptions {
  /**
   * Longest piece typed at once. Default 350 (measured: a piece of ≈800+ characters read at once counts as a paste
   * on every pinned version; two pieces may still be read together; on 2.1.197 a paste equal to the previous one
   * "expands" it instead of adding text, which lost 1,000 characters of 'z'×3000 typed in 1,000-character pieces).
   */
  chunkChars?: number;
  /** Extra pause after each piece was echoed. Default 0 ms. */
  pauseMs?: number;
  /** Longest wait for the echo of a piece. Default 1000 ms. */
  echoWaitMs?: number;
  /** Quiet screen needed before typing several pieces. Default 60 ms. */
  quietMs?: number;
}

/** Splits by code points (never inside a surrogate pair), at most `size` characters each. */
export function splitChunks(text: string, size: number): string[] {
  const cps = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(''));
  return out.length > 0 ? out : [''];
}

/**
 * Picks the input method per version and length so the model gets the text as written: typed keys with `C-j`
 * newlines arrive exactly on every pinned version; long text is typed in pieces so it is neither wrapped as
 * `<pasted_content>` (2.1.331) nor split into several turns. A bracketed paste is never needed.
 */
export function planInput(text: string, o: InputMethodOptions = {}): InputPlan {
  const chunkChars = o.chunkChars ?? 350;
  return {
    mode: 'typed',
    chunks: splitChunks(text, chunkChars),
    pauseMs: o.pauseMs ?? 0,
    echoWaitMs: o.echoWaitMs ?? 1000,
    quietMs: o.quietMs ?? 60,
  };
}
