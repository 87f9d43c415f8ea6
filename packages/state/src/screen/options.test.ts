import { describe, expect, it } from 'vitest';
import { classifyScreen } from './classify.js';
import { parseMenu, pickOption } from './options.js';
import { TABLE_2_1_197 } from './table-2-1-197.js';

describe('numbered menus', () => {
  it('approve = least-privilege allow, whatever the order', () => {
    const lines = [
      ' Do you want to proceed?',
      '   1. Yes, and don’t ask again for: npm run *',
      ' ❯ 2. No',
      '   3. Yes',
    ];
    const { options } = parseMenu(lines, 1, lines.length, TABLE_2_1_197, { continuation: 'label' });
    expect(pickOption(options, 'approve')?.key).toBe('3');
    expect(pickOption(options, 'approve_always')?.id).toBe('yes_dont_ask_again');
    expect(pickOption(options, 'deny')?.key).toBe('2');
    expect(options.find((o) => o.selected)?.id).toBe('no');
  });

  it('trust = the trusting option even when reordered (as 2.1.331 did)', () => {
    const screen = [
      ' Accessing workspace:',
      '',
      ' /p',
      '',
      ' ❯ 1. No, exit',
      '   2. Yes, I trust this folder',
      '',
      ' Enter to confirm · Esc to cancel',
    ].join('\n');
    const r = classifyScreen(screen);
    expect(r.kind).toBe('trust_prompt');
    expect(pickOption(r.options, 'trust')?.key).toBe('2');
    expect(pickOption(r.options, 'exit')?.key).toBe('1');
  });

  it('joins labels wrapped at 80 columns', () => {
    const lines = [
      ' Do you want to proceed?',
      ' ❯ 1. Yes',
      '   2. Yes, and always allow access to a-very-long-directory-name/ from this',
      '      project',
      '   3. No',
      '',
      ' Esc to cancel',
    ];
    const { options } = parseMenu(lines, 1, lines.length, TABLE_2_1_197, { continuation: 'label' });
    expect(options.map((o) => o.label)).toEqual([
      'Yes',
      'Yes, and always allow access to a-very-long-directory-name/ from this project',
      'No',
    ]);
    expect(options[1]?.kind).toBe('allow_always');
  });

  it('stops at a broken numbering (a plan’s own list is not a menu)', () => {
    const lines = ['❯ 1. Yes', '  2. No', ' 1. Create file'];
    expect(parseMenu(lines, 0, lines.length, TABLE_2_1_197, { continuation: 'label' }).options).toHaveLength(2);
  });
});
