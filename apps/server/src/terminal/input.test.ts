import { describe, expect, it } from 'vitest';
import { inputOps } from './input.js';

describe('inputOps (xterm keystrokes → tmux)', () => {
  it('types printable runs as text and special keys by name', () => {
    expect(inputOps('hello\r')).toEqual([{ text: 'hello' }, { keys: ['Enter'] }]);
    expect(inputOps('\x1b[A\x1b[B\x1b')).toEqual([{ keys: ['Up', 'Down', 'Escape'] }]);
    expect(inputOps('a\x7f\tb')).toEqual([{ text: 'a' }, { keys: ['BSpace', 'Tab'] }, { text: 'b' }]);
    expect(inputOps('\x03')).toEqual([{ keys: ['C-c'] }]);
  });
  it('types trailing blanks as Space keys (typed input trims them)', () => {
    expect(inputOps('hi  ')).toEqual([{ text: 'hi' }, { keys: ['Space', 'Space'] }]);
    expect(inputOps(' ')).toEqual([{ keys: ['Space'] }]);
  });
  it('drops control bytes and escape sequences tmux has no safe name for', () => {
    expect(inputOps('\x02x\x1b[1;5Cy')).toEqual([{ text: 'x' }, { text: 'y' }]);
  });
});
