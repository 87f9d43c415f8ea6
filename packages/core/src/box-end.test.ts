import { describe, expect, it } from 'vitest';
import { boxShowsEnd } from './box-end.js';
import { SCREENS, idleWithDraft } from './testing/fake-manager.js';

const rule = '─'.repeat(60);

describe('boxShowsEnd (the Enter waits until Claude Code drew the text to its end)', () => {
  it('finds the end of the text in the box, however it is wrapped and indented', () => {
    expect(boxShowsEnd(idleWithDraft('hello there'), 'hello there')).toBe(true);
    expect(boxShowsEnd(idleWithDraft('hello the'), 'hello there')).toBe(false);
    expect(boxShowsEnd(SCREENS.idle, 'anything')).toBe(false);
    const scrolled = [
      '⏺ done',
      `─── ↑ 12 more ${rule}`,
      '  lorem ipsum dolor sit amet lorem ipsum dolor',
      '  sit amet lorem ipsum dolor sit amet .',
      rule,
      '  ⏸ manual mode on',
    ];
    expect(boxShowsEnd(scrolled.join('\n'), `x ${'lorem ipsum dolor sit amet '.repeat(40)}.`)).toBe(true);
  });

  it('does not take the same words above the box (an earlier prompt) for the draft', () => {
    const screen = ['❯ the same words', '', rule, '❯ the sa', rule].join('\n');
    expect(boxShowsEnd(screen, 'the same words')).toBe(false);
  });

  it('ignores whitespace (tabs typed as spaces, blank lines collapsed) and compares NFC', () => {
    expect(boxShowsEnd(idleWithDraft('a b c é'), 'a\n\nb   c e\u0301  ')).toBe(true);
    expect(boxShowsEnd(SCREENS.idle, ' \n ')).toBe(true);
  });
});

describe('boxShowsEnd for a paste', () => {
  it('also takes a paste marker in the box, never one above it', () => {
    const marker = ['❯ [Pasted text #1 +40 lines]', ''].join('\n');
    expect(boxShowsEnd(idleWithDraft('[Pasted text #1 +40 lines]'), 'x'.repeat(3000), true)).toBe(true);
    expect(boxShowsEnd(idleWithDraft('[Pasted text #1 +40 lines]'), 'x'.repeat(3000))).toBe(false);
    expect(boxShowsEnd(`${marker}${SCREENS.idle}`, 'x'.repeat(3000), true)).toBe(false);
  });
});
