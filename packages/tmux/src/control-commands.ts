import { TmuxError, codeFromStderr } from './errors.js';
import type { TmuxCommand } from './args.js';

/** Characters tmux's command parser takes literally inside single quotes (no escapes are processed there). */
const LITERAL = /[^\x00-\x1f\x7f']/u;

/**
 * Quotes one argument for tmux's command parser (a control-mode line is parsed like a config line): runs of plain
 * characters in single quotes, anything else — `'`, control characters, newline — as `\ooo` octal escapes of its
 * UTF-8 bytes between them. So `$`, `~`, `#`, `;`, `{`, `}` and `\` arrive literally. NUL cannot be written.
 */
export function quoteArg(arg: string): string {
  if (arg.includes('\0')) throw new TmuxError('INVALID_ARGUMENT', 'an argument contains a NUL byte');
  let out = '';
  let run = '';
  for (const ch of arg) {
    if (LITERAL.test(ch)) {
      run += ch;
      continue;
    }
    if (run) out += `'${run}'`;
    run = '';
    for (const byte of Buffer.from(ch)) out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  if (run) out += `'${run}'`;
  return out || "''";
}

/**
 * One command as a control-mode line. Commands are built for the argument vector, where a trailing `;` is written
 * `\;` (see escapeArg); a quoted argument needs no such escape, so it is undone first.
 */
export function controlLine(command: TmuxCommand): string {
  return command.map((arg) => quoteArg(arg.endsWith('\\;') ? `${arg.slice(0, -2)};` : arg)).join(' ');
}

interface Pending {
  resolve(output: string): void;
  reject(error: TmuxError): void;
  /** Timed out or not awaited: its reply is still taken off the queue, then dropped. */
  abandoned: boolean;
}

/**
 * Pairs a control client's `%begin`/`%end` (or `%error`) blocks with the commands written to it, in order. tmux
 * answers every command line of ours with one block whose flags are 1 (the attach command's block has 0). A block
 * ends only at `%end`/`%error` with its own time and number, so a captured screen line that reads `%end …` does not
 * end it.
 */
export class ReplyQueue {
  readonly #pending: Pending[] = [];
  #block: { tail: string; ours: boolean; lines: string[] } | undefined;

  /** Feeds one output line; true when it belonged to a reply block (it is no notification). */
  line(line: string): boolean {
    const block = this.#block;
    if (!block) {
      if (!line.startsWith('%begin ')) return false;
      const tail = line.slice('%begin '.length);
      this.#block = { tail, ours: tail.split(' ')[2] === '1', lines: [] };
      return true;
    }
    const failed = line === `%error ${block.tail}`;
    if (!failed && line !== `%end ${block.tail}`) {
      block.lines.push(line);
      return true;
    }
    this.#block = undefined;
    if (!block.ours) return true;
    const p = this.#pending.shift();
    if (!p || p.abandoned) return true;
    const text = block.lines.join('\n');
    if (failed) p.reject(new TmuxError(codeFromStderr(text), `tmux failed: ${text || 'error'}`, { stderr: text }));
    else p.resolve(block.lines.map((l) => `${l}\n`).join(''));
    return true;
  }

  /** A command line was written: its reply is the next block of ours. Rejects with TIMEOUT after `timeoutMs`. */
  expect(timeoutMs: number, what: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const p: Pending = {
        abandoned: false,
        resolve: (out) => {
          clearTimeout(timer);
          resolve(out);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        p.abandoned = true;
        reject(new TmuxError('TIMEOUT', `tmux ${what} was not answered within ${timeoutMs} ms (it may have run)`));
      }, timeoutMs);
      this.#pending.push(p);
    });
  }

  /** A command whose reply nobody awaits (e.g. set up at attach). */
  ignore(): void {
    this.#pending.push({ abandoned: true, resolve: () => undefined, reject: () => undefined });
  }

  /** Replies still awaited. */
  get waiting(): number {
    return this.#pending.length;
  }

  /** The client is gone: every command still waiting may or may not have run. */
  close(reason: string): void {
    for (const p of this.#pending.splice(0)) {
      if (!p.abandoned) p.reject(new TmuxError('TIMEOUT', `control client closed before answering (${reason})`));
    }
  }
}
