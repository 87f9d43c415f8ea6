import { batchCommands, escapeArg, splitUtf8, type Target, type TmuxCommand } from './args.js';

/** How `sendText` delivers text. See README for what Claude Code does with each. */
export type InputMode = 'typed' | 'paste';

/** CRLF and lone CR become LF: a CR typed into Claude Code would submit. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const LITERAL_PIECE_BYTES = 4000;

/**
 * 'typed' mode: each line as literal keys (`send-keys -l --`), `C-j` between lines (a newline that does not submit),
 * nothing for empty lines. Returns batches, each one tmux client call.
 */
export function typedTextBatches(target: Target, text: string): TmuxCommand[][] {
  const commands: TmuxCommand[] = [];
  normalizeNewlines(text)
    .split('\n')
    .forEach((line, i) => {
      if (i > 0) commands.push(['send-keys', '-t', target, 'C-j']);
      for (const piece of splitUtf8(line, LITERAL_PIECE_BYTES)) {
        commands.push(['send-keys', '-t', target, '-l', '--', escapeArg(piece)]);
      }
    });
  return batchCommands(commands);
}

/** 'paste' mode: one call that loads stdin into a named buffer and pastes it bracketed (`-p`), deleting the buffer. */
export function pasteCommands(target: Target, bufferName: string): TmuxCommand[] {
  return [
    ['load-buffer', '-b', bufferName, '-'],
    ['paste-buffer', '-p', '-d', '-b', bufferName, '-t', target],
  ];
}
