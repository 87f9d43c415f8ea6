/**
 * The text as Claude Code records it: NFC (measured: "e" + U+0301 arrives as "é"), CRLF/CR → LF, tabs → four
 * spaces, trailing whitespace of each line trimmed, leading/trailing blank lines dropped.
 */
export function normalizePrompt(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

const PASTED = /<pasted_content[^>]*>([\s\S]*?)<\/pasted_content>/g;

/** Measured on 2.1.332: a literal `<pasted_content>` / `</pasted_content>` in the text reaches the model escaped. */
const unescapeMarkers = (t: string) =>
  t.replace(/<\\\/pasted_content/g, '</pasted_content').replace(/<\\pasted_content/g, '<pasted_content');

/** True when `seen` (hook prompt or transcript text) is the message `sent`. Never a substring search on the screen. */
export function sameMessage(sent: string, seen: string): boolean {
  const a = normalizePrompt(sent);
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  // as recorded, or without the `<pasted_content>` wrapper 2.1.331+ puts around a paste (the text may hold the marker)
  return [seen, seen.replace(PASTED, '$1')].some((c) => {
    const b = normalizePrompt(unescapeMarkers(c));
    return a === b || squash(a) === squash(b);
  });
}
