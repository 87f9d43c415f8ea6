import { describe, expect, it } from 'vitest';
import { planInput, splitChunks } from './input-method.js';
import { normalizePrompt, sameMessage } from './text-match.js';

describe('input method', () => {
  it('types (never pastes) and splits long text into pieces by code point', () => {
    const long = '🚀'.repeat(1500);
    const plan = planInput(long);
    expect(plan.mode).toBe('typed');
    expect(plan.chunks.join('')).toBe(long);
    expect(plan.chunks.every((c) => Array.from(c).length <= 350 && !/^[\uDC00-\uDFFF]/.test(c))).toBe(true);
    expect(planInput('short').chunks).toEqual(['short']);
    expect(splitChunks('', 5)).toEqual(['']);
  });
});

describe('message matching (never a screen substring search)', () => {
  it('compares as Claude Code records text: tabs as 4 spaces, trailing whitespace trimmed', () => {
    expect(normalizePrompt('a\tb  \n\nc\r\n')).toBe('a    b\n\nc');
    expect(sameMessage('a\tb', 'a    b')).toBe(true);
    expect(sameMessage('hello', '<pasted_content id="1">\nhello\n</pasted_content>')).toBe(true);
    expect(sameMessage('hello', 'hello world')).toBe(false);
    expect(sameMessage('hello', 'hell')).toBe(false);
  });
});

describe('message matching: Claude Code normalisation measured on the pinned versions', () => {
  it('NFC, escaped pasted_content markers, markers inside the text', () => {
    expect(sameMessage('bete\u0301', 'beté')).toBe(true);
    expect(
      sameMessage('a </pasted_content> b <pasted_content> c', 'a <\\/pasted_content> b <\\pasted_content> c'),
    ).toBe(true);
    expect(sameMessage('x <pasted_content>y</pasted_content> z', 'x <pasted_content>y</pasted_content> z')).toBe(true);
    expect(sameMessage('abc', 'ab')).toBe(false);
  });
});
