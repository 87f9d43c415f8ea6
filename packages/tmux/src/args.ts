import { TmuxError } from './errors.js';

/**
 * tmux splits its argument list into commands at any argument that ENDS with `;` (even after `--`), and turns a
 * trailing `\;` into a literal `;`. Every caller-supplied argument goes through this so it arrives unchanged.
 */
export function escapeArg(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/** A tmux window id (`@3`) or pane id (`%5`). */
export type Target = `@${number}` | `%${number}`;

const TARGET_RE = /^[@%]\d+$/;

export function isTarget(value: unknown): value is Target {
  return typeof value === 'string' && TARGET_RE.test(value);
}

export function assertTarget(value: unknown): asserts value is Target {
  if (!isTarget(value)) {
    throw new TmuxError(
      'INVALID_ARGUMENT',
      `target must be a window id (@N) or pane id (%N), got ${JSON.stringify(value)}`,
    );
  }
}

export function assertSize(width: number, height: number): void {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 2 && n <= 10000;
  if (!ok(width) || !ok(height)) throw new TmuxError('INVALID_ARGUMENT', `invalid size ${width}x${height}`);
}

/** One tmux command as an argument array (already escaped). */
export type TmuxCommand = readonly string[];

/** Joins commands into one argument list separated by `;` arguments (one tmux client call, run in order). */
export function joinCommands(commands: readonly TmuxCommand[]): string[] {
  const out: string[] = [];
  commands.forEach((command, i) => {
    if (i > 0) out.push(';');
    out.push(...command);
  });
  return out;
}

/** tmux refuses a client call whose arguments exceed ~16 KiB ("command too long"); stay well below. */
export const MAX_CALL_BYTES = 8000;

/** Groups commands into batches whose encoded size stays under `maxBytes` (a single oversize command gets its own batch). */
export function batchCommands(commands: readonly TmuxCommand[], maxBytes = MAX_CALL_BYTES): TmuxCommand[][] {
  const batches: TmuxCommand[][] = [];
  let current: TmuxCommand[] = [];
  let size = 0;
  for (const command of commands) {
    const bytes = command.reduce((n, a) => n + Buffer.byteLength(a) + 1, 2);
    if (current.length > 0 && size + bytes > maxBytes) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(command);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Splits a string into pieces of at most `maxBytes` UTF-8 bytes without cutting a code point. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes && piece !== '') {
      pieces.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += ch;
    bytes += n;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}
