import { AegisError } from './errors.js';

/**
 * First characters Claude Code does not take as text when a message starts with them (after leading whitespace,
 * which 2.1.332 trims before it looks): `/` runs a slash command (or opens a screen such as help), `!` runs the rest
 * as a shell command without a permission prompt. Measured on 2.1.197, 2.1.331 and 2.1.332 (DEVELOPERS.md): no
 * way of typing (a leading space or newline, the first character typed last, a bracketed paste) makes the model get
 * exactly the text, so such a message is refused before anything is typed.
 */
const NOT_LITERAL: Record<string, string> = {
  '/': 'Claude Code runs a message starting with "/" as a slash command; use POST /v1/sessions/:id/command for commands, or start the message with another character',
  '!': 'Claude Code runs a message starting with "!" as a shell command, bypassing permission prompts; use POST /v1/sessions/:id/bash (admin, allowShellMode) for that, or start the message with another character',
};

/** Why Claude Code would not take `text` as a message (null when it would). */
export function notLiteralReason(text: string): string | null {
  const first = text.trimStart()[0];
  return first !== undefined ? (NOT_LITERAL[first] ?? null) : null;
}

/** Throws INPUT_NOT_LITERAL (400) for a message Claude Code would run instead of sending to the model. */
export function assertLiteralMessage(text: string): void {
  const why = notLiteralReason(text);
  if (why) throw new AegisError('INPUT_NOT_LITERAL', why, { firstChar: text.trimStart()[0] });
}
