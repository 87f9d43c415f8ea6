import type { LocalCommandEntry } from './types.js';

type LocalCommandFields = Pick<
  LocalCommandEntry,
  'kind' | 'content' | 'commandName' | 'commandArgs' | 'stdout' | 'isMeta' | 'via'
>;

const COMMAND_NAME = /<command-name>([\s\S]*?)<\/command-name>/;
const COMMAND_ARGS = /<command-args>([\s\S]*?)<\/command-args>/;
const COMMAND_OUTPUT = /<local-command-(?:stdout|stderr)>([\s\S]*?)<\/local-command-(?:stdout|stderr)>/;

/** Prefixes of user text that Claude Code writes for a local `/command` (echo, output, caveat). */
const COMMAND_PREFIXES = ['<command-name>', '<command-message>', '<local-command-'];

/** True when user text is a `/command` echo, its output or its caveat rather than a prompt. */
export function isLocalCommandText(text: string): boolean {
  // most prompts start with neither `<` nor whitespace: no trimmed copy for them
  if (text.charCodeAt(0) !== 0x3c && !/^\s/.test(text)) return false;
  const t = text.trimStart();
  return COMMAND_PREFIXES.some((p) => t.startsWith(p));
}

/** Split a `<command-name>…` / `<local-command-stdout>…` text into its parts. */
export function parseLocalCommand(content: string, isMeta: boolean, via: 'user' | 'system'): LocalCommandFields {
  return {
    kind: 'local_command',
    content,
    commandName: COMMAND_NAME.exec(content)?.[1]?.trim() ?? null,
    commandArgs: COMMAND_ARGS.exec(content)?.[1] ?? null,
    stdout: COMMAND_OUTPUT.exec(content)?.[1] ?? null,
    isMeta,
    via,
  };
}

const INTERRUPTED = '[Request interrupted by user';

/** `[Request interrupted by user]` / `[Request interrupted by user for tool use]`, or null. */
export function interruption(text: string): { forToolUse: boolean } | null {
  if (!text.startsWith(INTERRUPTED)) return null;
  return { forToolUse: text.startsWith(`${INTERRUPTED} for tool use`) };
}

/** All text of a tool result's content (a string or content blocks), joined with newlines. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (block !== null && typeof block === 'object' && typeof (block as { text?: unknown }).text === 'string') {
      parts.push((block as { text: string }).text);
    }
  }
  return parts.join('\n');
}
