/**
 * The text as Claude Code records it: CRLF/CR → LF, tabs → four spaces, trailing whitespace of each line trimmed,
 * leading/trailing blank lines dropped.
 */
export function normalizePrompt(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

const PASTED = /<pasted_content[^>]*>([\s\S]*?)<\/pasted_content>/g;

/** True when `seen` (hook prompt or transcript text) is the message `sent`. Never a substring search on the screen. */
export function sameMessage(sent: string, seen: string): boolean {
  const a = normalizePrompt(sent);
  const b = normalizePrompt(seen.replace(PASTED, '$1'));
  if (a === b) return true;
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return squash(a) === squash(b);
}
