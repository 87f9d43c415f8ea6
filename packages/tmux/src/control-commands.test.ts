import { describe, expect, it } from 'vitest';
import { escapeArg } from './args.js';
import { controlLine, quoteArg, ReplyQueue } from './control-commands.js';
import { isTmuxError } from './errors.js';

describe('quoteArg', () => {
  it('single-quotes plain text, so the parser takes $ ~ # ; { } and \\ literally', () => {
    expect(quoteArg('send-keys')).toBe("'send-keys'");
    expect(quoteArg('$HOME ~ #{pane_id} a; {x} \\n')).toBe("'$HOME ~ #{pane_id} a; {x} \\n'");
    expect(quoteArg('ü 🚀')).toBe("'ü 🚀'");
  });

  it('writes quotes and control characters as octal bytes between quoted runs', () => {
    expect(quoteArg("it's")).toBe("'it'\\047's'");
    expect(quoteArg('a\nb\tc\u001b')).toBe("'a'\\012'b'\\011'c'\\033");
    expect(quoteArg('\u007f')).toBe('\\177');
  });

  it('writes the empty argument as a pair of quotes and refuses NUL', () => {
    expect(quoteArg('')).toBe("''");
    expect(() => quoteArg('a\0b')).toThrow(/NUL/);
  });
});

describe('controlLine', () => {
  it('undoes the argument-vector escape of a trailing semicolon', () => {
    expect(controlLine(['send-keys', '-l', '--', escapeArg('echo hi;')])).toBe("'send-keys' '-l' '--' 'echo hi;'");
    expect(controlLine([escapeArg('a\\;')])).toBe("'a\\;'");
    expect(controlLine([escapeArg(';')])).toBe("';'");
  });
});

describe('ReplyQueue', () => {
  it('pairs our blocks with the commands in order and skips blocks that are not ours', async () => {
    const q = new ReplyQueue();
    const first = q.expect(1000, 'capture-pane');
    const second = q.expect(1000, 'send-keys');
    for (const line of ['%begin 1 10 0', '%end 1 10 0', '%begin 1 11 1', 'row one', '', '%end 1 11 1'])
      expect(q.line(line)).toBe(true);
    expect(q.line('%output %1 x')).toBe(false);
    q.line('%begin 1 12 1');
    q.line('%end 1 12 1');
    expect(await first).toBe('row one\n\n');
    expect(await second).toBe('');
    expect(q.waiting).toBe(0);
  });

  it('ends a block only at its own %end, not at a captured line that looks like one', async () => {
    const q = new ReplyQueue();
    const reply = q.expect(1000, 'capture-pane');
    for (const line of ['%begin 5 7 1', '%end 5 6 1', '%error 1 7 1', '%begin 9 9 1', '%end 5 7 1']) q.line(line);
    expect(await reply).toBe('%end 5 6 1\n%error 1 7 1\n%begin 9 9 1\n');
  });

  it('rejects a failed command with a code from its message', async () => {
    const q = new ReplyQueue();
    const reply = q.expect(1000, 'capture-pane');
    for (const line of ['%begin 1 2 1', "can't find pane: %99", '%error 1 2 1']) q.line(line);
    const error = await reply.catch((e: unknown) => e);
    expect(isTmuxError(error, 'NOT_FOUND')).toBe(true);
  });

  it('times out, and the late reply still takes its place in the queue', async () => {
    const q = new ReplyQueue();
    const late = q.expect(5, 'send-keys');
    const next = q.expect(1000, 'capture-pane');
    expect(isTmuxError(await late.catch((e: unknown) => e), 'TIMEOUT')).toBe(true);
    for (const line of ['%begin 1 1 1', '%end 1 1 1', '%begin 1 2 1', 'screen', '%end 1 2 1']) q.line(line);
    expect(await next).toBe('screen\n');
  });

  it('rejects what is still waiting when the client closes, and skips ignored replies', async () => {
    const q = new ReplyQueue();
    q.ignore();
    const reply = q.expect(1000, 'send-keys');
    q.line('%begin 1 1 1');
    q.line('%end 1 1 1');
    expect(q.waiting).toBe(1);
    q.close('server exited');
    expect(isTmuxError(await reply.catch((e: unknown) => e), 'TIMEOUT')).toBe(true);
  });
});
