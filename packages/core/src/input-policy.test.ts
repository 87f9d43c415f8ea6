import { describe, expect, it } from 'vitest';
import { isAegisError } from './errors.js';
import { assertLiteralMessage, notLiteralReason } from './input-policy.js';

describe('input policy: a send is a message', () => {
  it('refuses a leading / or ! (also after whitespace, which 2.1.332 trims) with INPUT_NOT_LITERAL', () => {
    for (const t of ['/help me', '!rm -rf x', '  /compact', '\n!ls']) {
      expect(notLiteralReason(t)).not.toBeNull();
      try {
        assertLiteralMessage(t);
        expect.unreachable();
      } catch (e) {
        expect(isAegisError(e, 'INPUT_NOT_LITERAL')).toBe(true);
      }
    }
  });
  it('takes #, @, ? and everything else literally (measured)', () => {
    for (const t of ['# heading', '@file hello', '? what', 'a /path', 'hi!'])
      expect(() => assertLiteralMessage(t)).not.toThrow();
  });
});
