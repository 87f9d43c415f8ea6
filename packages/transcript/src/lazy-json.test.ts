import { describe, expect, it } from 'vitest';
import { isLazyField, parseLazyJson } from './lazy-json.js';

const lazy = (text: string, minString = 6): unknown =>
  parseLazyJson(Buffer.from(text, 'utf8'), 0, undefined, minString);

describe('parseLazyJson', () => {
  const samples = [
    '{"a":"short","b":"a long string value","n":1}',
    '{"nested":{"deep":[{"t":"a long string inside an array item"}],"x":null},"k":true}',
    '{"arr":["long string as an array element","another long element",3]}',
    '{"esc":"quote \\" inside, backslash \\\\ and \\\\\\" end","after":"x"}',
    '{"ends with backslashes":"abc\\\\\\\\","b":"tail value here"}',
    '{ "spaced" : "value with spaces around" , "u":"ünïcode ✓ and 🚀 emoji" }',
    '{"a very long key that is not cut":"v","other":"a long value after a long key"}',
    '{"escapes":"\\u00e9\\n\\t\\/\\b\\f\\r done","z":"ü"}',
  ];
  it.each(samples)('reads the same values as JSON.parse: %s', (text) => {
    const out = lazy(text);
    expect(out).not.toBeUndefined();
    expect(out).toEqual(JSON.parse(text));
    expect(JSON.stringify(out)).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('leaves long strings undecoded until read, then keeps them as plain values', () => {
    const out = lazy('{"text":"a long string value","s":"x"}') as { text: string; s: string };
    expect(isLazyField(out, 'text')).toBe(true);
    expect(isLazyField(out, 's')).toBe(false);
    expect(out.text).toBe('a long string value');
    expect(isLazyField(out, 'text')).toBe(false);
    out.text = 'changed';
    expect(out.text).toBe('changed');
  });

  it('keeps its bytes independent of later reads of other fields', () => {
    const buf = Buffer.from('xx{"a":"first long value","b":"second long value"}yy');
    const out = parseLazyJson(buf, 2, buf.length - 2, 6) as Record<string, string>;
    expect(out).toEqual({ a: 'first long value', b: 'second long value' });
  });

  it.each([
    ['no long string', '{"a":"b","c":"short"}'],
    ['truncated line', '{"a":"a long string value","b":'],
    ['unterminated string', '{"a":"a long string value'],
    ['a value cut and then overwritten by a duplicate key', '{"a":"a long string value","a":"x"}'],
    // (a placeholder spelled in the line and shorter than the threshold looks like one of ours)
    [
      'the placeholder spelled in the line',
      '{"a":"a long string value, longer than 25 bytes","b":"\\u0000aegis-lazy:0"}',
    ],
    [
      'a placeholder with an unknown index',
      '{"a":"a long string value, longer than 25 bytes","b":"\\u0000aegis-lazy:7"}',
    ],
    ['not JSON around the strings', '{"a":"a long string value" nope}'],
  ])('returns undefined (parse it in full) on doubt: %s', (_, text) => {
    expect(lazy(text, 25)).toBeUndefined();
  });

  it('gives the text as written for a long string damaged inside (a full parse would have skipped the line)', () => {
    const out = lazy('{"a":"bad \\x escape in a long string","b":1}') as { a: string; b: number };
    expect(out.b).toBe(1);
    expect(out.a).toBe('bad \\x escape in a long string');
  });
});
