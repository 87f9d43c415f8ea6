import { describe, expect, it } from 'vitest';
import { ago, cost, folderName, statusClass, statusWord, tokens } from './format.js';

describe('format', () => {
  it('says how long ago in the largest whole unit', () => {
    expect(ago(0, 42_000)).toBe('42 s');
    expect(ago(0, 5 * 60_000)).toBe('5 min');
    expect(ago(0, 3 * 3_600_000)).toBe('3 h');
    expect(ago(0, 2 * 86_400_000)).toBe('2 d');
    expect(ago(10_000, 0)).toBe('0 s');
  });
  it('sums every kind of token and shows cost in dollars', () => {
    const u = {
      inputTokens: 1000,
      outputTokens: 200,
      cacheCreationInputTokens: 300,
      cacheReadInputTokens: 12_000,
      costUsd: 0.01891,
    };
    expect(tokens(u)).toBe('13.5k');
    expect(cost(u)).toBe('$0.0189');
    expect(tokens(null)).toBe('–');
    expect(cost({ costUsd: 12.345 })).toBe('$12.35');
  });
  it('shows a status as a word with a colour class', () => {
    expect(statusWord('permission_prompt')).toBe('permission prompt');
    expect(statusClass('permission_prompt')).toBe('st-waiting');
    expect(statusClass('idle')).toBe('st-idle');
    expect(statusClass('something_new')).toBe('st-other');
    expect(folderName('/home/me/project/')).toBe('project');
  });
});
