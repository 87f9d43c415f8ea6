import { describe, expect, it } from 'vitest';
import { combine, stateFromScreen } from './combine.js';
import { classifyScreen } from './screen/classify.js';
import { extendPatternTable } from './screen/pattern-table.js';
import { compareVersions, patternsFor } from './screen/patterns.js';
import { TABLE_2_1_197 } from './screen/table-2-1-197.js';
import { parseStatusFile, statusLevel } from './status-file.js';

const base = { now: 10, stallMs: 1000, errorHoldMs: 0 };

describe('combine', () => {
  it('reports an unrecognised numbered menu as unknown, with its options, never as idle', () => {
    const screen = [
      '● Something new',
      '────────────────────',
      ' Claude wants to open a browser tab',
      '',
      ' ❯ 1. Allow',
      '   2. Deny (esc)',
      '',
      ' Esc to cancel',
    ].join('\n');
    const s = stateFromScreen(classifyScreen(screen));
    expect(s.kind).toBe('unknown');
    expect(s.kind === 'unknown' && s.options?.map((o) => o.label)).toEqual(['Allow', 'Deny (esc)']);
  });

  it('status file waiting with nothing on screen yet is still a permission prompt', () => {
    const file = parseStatusFile({ pid: 1, sessionId: 's', status: 'waiting', waitingFor: 'permission prompt' });
    expect(combine({ ...base, status: { file, level: statusLevel(file), at: 5 } })).toMatchObject({
      kind: 'permission_prompt',
      options: [],
    });
  });

  it('is `starting` with no signal at all', () => {
    expect(combine(base).kind).toBe('starting');
  });
});

describe('pattern tables', () => {
  it('falls back to the newest table for unknown or newer versions, the oldest for older ones', () => {
    const newer = extendPatternTable(TABLE_2_1_197, '2.1.331', {});
    const tables = [TABLE_2_1_197, newer];
    expect(patternsFor('2.1.331', tables).version).toBe('2.1.331');
    expect(patternsFor('2.1.400', tables).version).toBe('2.1.331');
    expect(patternsFor('2.1.250', tables).version).toBe('2.1.197');
    expect(patternsFor(undefined, tables).version).toBe('2.1.331');
    expect(patternsFor('garbage', tables).version).toBe('2.1.331');
    expect(patternsFor('2.0.1', tables).version).toBe('2.1.197');
    expect(compareVersions('2.1.10', '2.1.9')).toBeGreaterThan(0);
  });
});
