// 2.1.331 specifics read from its captures (and 2.1.332's): unnumbered menus, answers by identity, the new Bash box.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combine } from '../combine.js';
import { fixtureRoots } from '../testing/golden-walk.js';
import { parseStatusFile } from '../status-file.js';
import { classifyScreen } from './classify.js';
import { optionKeys, pickOption } from './options.js';
import { patternsFor } from './patterns.js';
import { TABLE_2_1_331 } from './table-2-1-331.js';

// 2.1.332 draws the same screens: every fact here is checked on its captures too.
describe.each(['2.1.331', '2.1.332'])('Claude Code %s screens', (version) => {
  const root = fixtureRoots().find((r) => r.version === version)?.root ?? '';
  const read = (f: string) => classifyScreen(readFileSync(join(root, f), 'utf8'), { version });
  it('picks the 2.1.331 table for 2.1.331 and newer, the 2.1.197 table for older', () => {
    expect(patternsFor('2.1.331').version).toBe('2.1.331');
    expect(patternsFor('2.1.332').version).toBe('2.1.331'); // 2.1.332 draws the same screens (fixtures/claude-code/2.1.332)
    expect(patternsFor('2.2.0').version).toBe('2.1.331');
    expect(patternsFor('2.1.300').version).toBe('2.1.197');
    expect(TABLE_2_1_331.version).toBe('2.1.331');
  });

  it('trust: no digits, `No, exit` first with the cursor; trust = Down + Enter', () => {
    const r = read('01-trust-dialog/120x40.txt');
    expect(r.kind).toBe('trust_prompt');
    expect(r.options.map((o) => [o.id, o.key, o.selected === true])).toEqual([
      ['exit', null, true],
      ['trust', null, false],
    ]);
    const trust = pickOption(r.options, 'trust');
    expect(trust?.label).toBe('Yes, I trust this folder');
    expect(optionKeys(r.options, trust!)).toEqual(['Down', 'Enter']);
    expect(optionKeys(r.options, pickOption(r.options, 'exit')!)).toEqual(['Enter']);
    // cursor already moved onto Yes
    const moved = read('01-trust-dialog/120x40-cursor-on-yes.txt');
    expect(optionKeys(moved.options, pickOption(moved.options, 'trust')!)).toEqual(['Enter']);
  });

  it('API key: `Yes` / `❯ No (recommended)` without digits; approve = Up + Enter', () => {
    const r = read('00-onboarding-and-api-key/120x40-api-key-question.txt');
    expect(r.kind).toBe('api_key_prompt');
    expect(r.options.map((o) => o.label)).toEqual(['Yes', 'No (recommended)']);
    expect(optionKeys(r.options, pickOption(r.options, 'approve')!)).toEqual(['Up', 'Enter']);
    expect(optionKeys(r.options, pickOption(r.options, 'deny')!)).toEqual(['Enter']);
  });

  it('Bash: approve = `1. Yes`, never `switch to auto mode` or `always allow`; deny = `4. No`', () => {
    for (const f of [
      '04-permission-bash/120x40.txt',
      '04-permission-bash/80x24.txt',
      '04-permission-bash/120x40-cursor-on-option2.txt',
    ]) {
      const r = read(f);
      expect(r.kind, f).toBe('permission_prompt');
      expect(pickOption(r.options, 'approve'), f).toMatchObject({ id: 'yes', key: '1', label: 'Yes' });
      expect(pickOption(r.options, 'deny'), f).toMatchObject({ id: 'no', key: '4' });
      expect(r.options.find((o) => o.id === 'yes_switch_to_auto_mode')?.kind, f).toBe('allow_always');
      expect(r.command, f).toBe('echo hi > out.txt');
      expect(r.description, f).toBe('Write hi to out.txt');
    }
  });

  it('Write/Edit: option 2 switches to accept edits (remembering), approve = 1', () => {
    const r = read('05-permission-write-edit/80x24-write-new-file.txt');
    expect(r.options[1]).toMatchObject({ id: 'yes_allow_all_edits', kind: 'allow_always' });
    expect(pickOption(r.options, 'approve')?.key).toBe('1');
  });

  it('the `Resend your message…` placeholder reads as an empty input after an API error', () => {
    const r = read('08-api-error/120x40-500-final-no-retries.txt');
    expect(r.kind).toBe('idle');
    expect(r.input?.text).toBe('');
    expect(r.lastTurn?.outcome).toBe('api_error');
  });

  it('lower-case retry lines, with or without the error text in front', () => {
    // the countdown depends on the moment of capture (2 s on the 2.1.331 one, 1 s on 2.1.332's)
    expect(read('08-api-error/120x40-500-retrying.txt').retry).toMatchObject({
      attempt: 2,
      maxAttempts: 10,
      retryInSeconds: expect.any(Number),
    });
    expect(read('08-api-error/120x40-500-retrying-later.txt').retry).toMatchObject({
      attempt: 4,
      message: expect.stringContaining('500 Internal server error'),
    });
  });

  it('exit: the cleared screen with the resume hint, and tmux’s `Pane is dead` line', () => {
    const r = read('11-after-exit/120x40-after-slash-exit.txt');
    expect(r.kind).toBe('exited');
    expect(r.exit?.resumeSessionId).toBe('cccccccc-0000-4000-8000-000000000004');
    expect(read('01-trust-dialog/80x24-after-enter-on-no-exit.txt').exit?.message).toMatch(
      /didn.t start because this folder isn.t trusted/,
    );
  });

  it('status file `input needed` without screen or hook is a question, not a permission', () => {
    const file = parseStatusFile({ pid: 1, sessionId: 's', status: 'waiting', waitingFor: 'input needed' });
    const s = combine({ now: 10, status: { file, level: 'waiting', at: 5 }, stallMs: Infinity, errorHoldMs: 0 });
    expect(s.kind).toBe('asking');
  });
});
