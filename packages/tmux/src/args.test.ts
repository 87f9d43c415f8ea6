import { describe, expect, it } from 'vitest';
import { batchCommands, escapeArg, isTarget, joinCommands, splitUtf8 } from './args.js';
import { normalizeNewlines, pasteCommands, typedTextBatches } from './text-input.js';
import { newSessionCommands, newWindowCommands, paneArgv } from './window-commands.js';

describe('escapeArg', () => {
  it('protects a trailing semicolon from tmux command splitting', () => {
    expect(escapeArg('a;')).toBe('a\\;');
    expect(escapeArg(';')).toBe('\\;');
    expect(escapeArg('a\\;')).toBe('a\\\\;');
    expect(escapeArg('a;b')).toBe('a;b');
    expect(escapeArg('')).toBe('');
  });
});

describe('targets and batching', () => {
  it('accepts only window and pane ids', () => {
    expect(['@1', '%23'].every(isTarget)).toBe(true);
    expect(['1', 'aegis:1', '@', '%1.0', '-t'].some(isTarget)).toBe(false);
  });

  it('joins commands with ; arguments and batches under a byte budget', () => {
    expect(joinCommands([['a', 'b'], ['c']])).toEqual(['a', 'b', ';', 'c']);
    const big = ['x'.repeat(3000)];
    expect(batchCommands([big, big, big, big], 8000).map((b) => b.length)).toEqual([2, 2]);
  });

  it('splits on code points, not bytes', () => {
    const pieces = splitUtf8('🚀'.repeat(5), 8);
    expect(pieces).toEqual(['🚀🚀', '🚀🚀', '🚀']);
  });
});

describe('typed and paste input', () => {
  it('types lines literally with C-j between them, skipping empty lines', () => {
    const [batch, ...rest] = typedTextBatches('%1', '-a\n\nb;');
    expect(rest).toEqual([]);
    expect(batch).toEqual([
      ['send-keys', '-t', '%1', '-l', '--', '-a'],
      ['send-keys', '-t', '%1', 'C-j'],
      ['send-keys', '-t', '%1', 'C-j'],
      ['send-keys', '-t', '%1', '-l', '--', 'b\\;'],
    ]);
  });

  it('splits long text into several calls', () => {
    const batches = typedTextBatches('%1', 'y'.repeat(20000));
    expect(batches.length).toBeGreaterThan(1);
    expect(
      batches
        .flat()
        .map((c) => c[5])
        .join(''),
    ).toBe('y'.repeat(20000));
  });

  it('normalizes CRLF and CR', () => {
    expect(normalizeNewlines('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });

  it('pastes through a named buffer, bracketed, deleting it', () => {
    expect(pasteCommands('%2', 'buf')).toEqual([
      ['load-buffer', '-b', 'buf', '-'],
      ['paste-buffer', '-p', '-d', '-b', 'buf', '-t', '%2'],
    ]);
  });
});

describe('window commands', () => {
  it('wraps a one-word command in env so tmux does not run it through sh -c', () => {
    expect(paneArgv(['claude'])).toEqual(['/usr/bin/env', '--', 'claude']);
    expect(paneArgv(['claude', '--x;'])).toEqual(['claude', '--x\\;']);
  });

  const options = {
    name: 'n;',
    cwd: '/tmp',
    env: { PATH: '/bin', A: 'v;' },
    command: ['a', 'b'],
    width: 80,
    height: 24,
  };

  it('passes PATH as given, not from env (a spawned client sets its own; over the control client -e counts)', () => {
    const cmds = newWindowCommands('s', options, '/given/bin;');
    expect(cmds[0]).toEqual(['set-option', '-t', '=s:', 'default-size', '80x24']);
    expect(cmds[1]).toContain('A=v\\;');
    expect(cmds[1]).toContain('n\\;');
    expect(cmds[1]!.filter((a) => a.startsWith('PATH='))).toEqual(['PATH=/given/bin\\;']);
    expect(cmds[1]!.slice(-3)).toEqual(['--', 'a', 'b']);
    expect(newWindowCommands('s', options)[1]!.some((a) => a.startsWith('PATH='))).toBe(false);
  });

  it('creates the session and sizes its first window in one call', () => {
    const cmds = newSessionCommands('s', options, { historyLimit: 100 });
    expect(cmds.at(-2)![0]).toBe('new-session');
    expect(cmds.at(-1)).toEqual(['resize-window', '-t', '=s:', '-x', '80', '-y', '24']);
  });
});
