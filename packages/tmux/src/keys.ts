import { TmuxError } from './errors.js';

/** Named keys `sendKeys` accepts (tmux key names). Anything else is rejected, because tmux types unknown names as text. */
export const KEY_NAMES = [
  'Enter',
  'Escape',
  'Tab',
  'BTab',
  'BSpace',
  'Space',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'DC',
  'C-a',
  'C-c',
  'C-d',
  'C-e',
  'C-g',
  'C-j',
  'C-k',
  'C-l',
  'C-o',
  'C-r',
  'C-t',
  'C-u',
  'C-w',
  'C-z',
  'M-Enter',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
] as const;

export type KeyName = (typeof KEY_NAMES)[number];

const KEY_SET: ReadonlySet<string> = new Set(KEY_NAMES);

export function isKeyName(value: unknown): value is KeyName {
  return typeof value === 'string' && KEY_SET.has(value);
}

export function assertKeyNames(keys: readonly string[]): asserts keys is readonly KeyName[] {
  for (const key of keys) {
    if (!isKeyName(key)) throw new TmuxError('INVALID_ARGUMENT', `unknown key name ${JSON.stringify(key)}`);
  }
}
