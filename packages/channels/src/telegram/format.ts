/** Telegram's limit for one message's text (after entity parsing, we count the HTML source to be safe). */
export const TELEGRAM_TEXT_LIMIT = 4096;

const INTERNAL_TAGS = [
  'system-reminder',
  'thinking',
  'command-name',
  'command-message',
  'command-args',
  'command-contents',
  'local-command-stdout',
  'local-command-stderr',
  'local-command-caveat',
  'user-prompt-submit-hook',
  'bash-input',
  'bash-stdout',
  'bash-stderr',
  'task-notification',
  'persisted-output',
];
const BLOCK = new RegExp(`<(${INTERNAL_TAGS.join('|')})\\b[^>]*>[\\s\\S]*?</\\1>`, 'g');
const STRAY = new RegExp(`</?(${INTERNAL_TAGS.join('|')})\\b[^>]*>`, 'g');

/** Removes Claude Code's internal XML blocks (system reminders, command wrappers, …) and stray tags. */
export function stripInternalTags(text: string): string {
  return text
    .replace(BLOCK, '')
    .replace(STRAY, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Escapes text for `parse_mode: 'HTML'`. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Splits raw text into pieces whose HTML-escaped form (plus `overhead` characters of markup) fits Telegram's
 * limit, preferring line breaks, then spaces.
 */
export function splitForTelegram(text: string, overhead = 0, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const budget = limit - overhead;
  const out: string[] = [];
  let rest = text;
  while (escapeHtml(rest).length > budget) {
    let cut = 0;
    let size = 0;
    while (cut < rest.length) {
      const add = escapeHtml(rest[cut]!).length;
      if (size + add > budget) break;
      size += add;
      cut++;
    }
    const head = rest.slice(0, cut);
    const nl = head.lastIndexOf('\n');
    const sp = head.lastIndexOf(' ');
    const at = nl > cut / 2 ? nl + 1 : sp > cut / 2 ? sp + 1 : cut;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}

/** Shortens to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
