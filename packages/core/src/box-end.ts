/** Rules of Claude Code's input box (`────`, also `─── ↑ 12 more ───` over a scrolled draft). */
const RULE = /^\s*─{3}/;
/** What the box draws around and between the text: whitespace, side borders. */
const FRAME = /[\s│]/g;

/**
 * True when the input box on `screen` ends with the end of `text` (its last 30 characters other than whitespace):
 * Claude Code has read the text up to its end. A paste (`pasted`) may also show as a `[Pasted text #N …]` marker
 * (2.1.197, long pastes). The box is what lies between the last two rules (the whole screen on versions without
 * such rules); whitespace and side borders are ignored, since the box wraps and indents the text.
 */
export function boxShowsEnd(screen: string, text: string, pasted = false): boolean {
  const lines = screen.split('\n');
  const rules = lines.flatMap((l, i) => (RULE.test(l) ? [i] : []));
  const box = (rules.length >= 2 ? lines.slice(rules.at(-2)! + 1, rules.at(-1)) : lines).join('');
  if (pasted && box.includes('[Pasted text')) return true;
  const tail = text.replace(FRAME, '').normalize('NFC').slice(-30);
  return !tail || box.replace(FRAME, '').normalize('NFC').endsWith(tail);
}
