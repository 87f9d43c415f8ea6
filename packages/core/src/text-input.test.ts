import { describe, expect, it } from 'vitest';
import { planInput, splitChunks } from './input-method.js';
import { normalizePrompt, sameMessage } from './text-match.js';

describe('input method', () => {
  it('types long text in pieces of ≤ 395 UTF-16 units (two stay under the 800-unit paste threshold), never inside a surrogate pair', () => {
    for (const long of ['🚀'.repeat(1500), `a${'🚀'.repeat(1500)}`, 'x'.repeat(3000)]) {
      for (const version of [null, '2.1.331', '2.1.332']) {
        const plan = planInput(long, {}, version);
        expect(plan.mode).toBe('typed');
        expect(plan.chunks.join('')).toBe(long);
        expect(plan.chunks.every((c) => c.length <= 395)).toBe(true);
        expect(plan.chunks.length).toBeLessThanOrEqual(Math.ceil(long.length / 394));
        expect(plan.chunks.every((c) => !/^[\uDC00-\uDFFF]/.test(c) && !/[\uD800-\uDBFF]$/.test(c))).toBe(true);
      }
    }
    expect(planInput('short').chunks).toEqual(['short']);
    expect(splitChunks('', 5)).toEqual(['']);
  });

  it('pastes a text longer than one piece in one go only where a paste arrives as written (2.1.197)', () => {
    const long = 'x'.repeat(3000);
    expect(planInput(long, {}, '2.1.197')).toMatchObject({ mode: 'paste', chunks: [long] });
    expect(planInput('short', {}, '2.1.197')).toMatchObject({ mode: 'typed', chunks: ['short'] });
    expect(planInput(long, {}, '2.1.331').mode).toBe('typed');
    expect(planInput(`${long}e\u0301 \n `, {}, '2.1.197').chunks).toEqual([`${long}é`]);
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
