import { describe, expect, it } from 'vitest';
import { telegramConfigFromEnv } from './config.js';
import { escapeHtml, splitForTelegram, stripInternalTags, TELEGRAM_TEXT_LIMIT } from './format.js';
import { answerableOptions, buttonAction } from './prompts.js';

describe('Telegram formatting', () => {
  it('strips Claude Code’s internal tags and keeps the prose', () => {
    expect(
      stripInternalTags(
        'Done.<system-reminder>\nhidden\n</system-reminder>\n\n\n\nNext <command-name>/x</command-name>step',
      ),
    ).toBe('Done.\n\nNext step');
    expect(stripInternalTags('<local-command-stdout>out</local-command-stdout>')).toBe('');
    expect(stripInternalTags('a <b>bold</b> claim & <div>')).toBe('a <b>bold</b> claim & <div>');
  });

  it('splits so that every escaped piece fits, preferring line breaks, losing nothing', () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} <tag> & more text here`).join('\n');
    const pieces = splitForTelegram(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => escapeHtml(p).length <= TELEGRAM_TEXT_LIMIT)).toBe(true);
    expect(pieces.join('')).toBe(text);
    expect(pieces.slice(0, -1).every((p) => p.endsWith('\n'))).toBe(true);
    expect(splitForTelegram('x'.repeat(9000)).map((p) => p.length)).toEqual([4096, 4096, 808]);
    expect(splitForTelegram('')).toEqual(['']);
  });
});

describe('buttons from options', () => {
  it('offers only the options core’s approve / approve-always / reject really press', () => {
    const v331 = [
      { id: 'yes', label: 'Yes', kind: 'allow' },
      {
        id: 'yes_always_allow_access',
        label: 'Yes, and always allow access to /tmp/x from this project',
        kind: 'allow_always',
      },
      { id: 'yes_switch_to_auto_mode', label: 'Yes, and switch to auto mode', kind: 'allow_always' },
      { id: 'no', label: 'No', kind: 'deny' },
    ];
    const r = answerableOptions('permission', v331);
    expect(r.buttons.map((o) => o.id)).toEqual(['yes', 'yes_always_allow_access', 'no']);
    expect(r.others.map((o) => o.id)).toEqual(['yes_switch_to_auto_mode']);
    expect(r.buttons.map((o) => buttonAction('permission', o))).toEqual([
      { action: 'approve', always: false },
      { action: 'approve', always: true },
      { action: 'reject' },
    ]);
  });

  it('a plan’s approve is "manually approve edits"', () => {
    const plan = [
      { id: 'yes_auto', label: 'Yes, and auto-accept edits', kind: 'allow_always' },
      { id: 'yes_manual', label: 'Yes, and manually approve edits', kind: 'allow' },
      { id: 'no', label: 'No, keep planning', kind: 'deny' },
    ];
    expect(answerableOptions('plan', plan).buttons.map((o) => [o.id, buttonAction('plan', o)])).toEqual([
      ['yes_auto', { action: 'approve', always: true }],
      ['yes_manual', { action: 'approve', always: false }],
      ['no', { action: 'reject' }],
    ]);
  });
});

describe('telegramConfigFromEnv', () => {
  it('is off without a token, parses ids, and refuses a bad group', () => {
    expect(telegramConfigFromEnv({})).toBeNull();
    expect(
      telegramConfigFromEnv({ AEGIS_TG_TOKEN: '1:abc', AEGIS_TG_GROUP: '-100123', AEGIS_TG_ALLOWED_USERS: '5, 6' }),
    ).toEqual({ token: '1:abc', groupId: -100123, allowedUserIds: [5, 6], topicsFile: null });
    expect(telegramConfigFromEnv({ AEGIS_TG_TOKEN: '1:abc', AEGIS_TG_GROUP: '-100123' })!.allowedUserIds).toEqual([]);
    expect(() => telegramConfigFromEnv({ AEGIS_TG_TOKEN: '1:abc' })).toThrow();
    expect(() =>
      telegramConfigFromEnv({ AEGIS_TG_TOKEN: '1:abc', AEGIS_TG_GROUP: '-1', AEGIS_TG_ALLOWED_USERS: 'bob' }),
    ).toThrow();
  });
});
