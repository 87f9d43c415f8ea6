import { describe, expect, it } from 'vitest';
import { ago, entryLine, eventLine, sessionTable, table } from './format.js';

describe('format', () => {
  it('aligns tables', () => {
    expect(
      table(
        ['A', 'LONGER'],
        [
          ['xx', '1'],
          ['y', '22'],
        ],
      ),
    ).toBe('A   LONGER\nxx  1\ny   22\n');
    expect(sessionTable([], 0)).toBe('no sessions\n');
  });
  it('renders times, entries and events', () => {
    expect(ago(1000, 61_000)).toBe('1m ago');
    expect(entryLine({ id: '1', kind: 'user_prompt', text: 'hi' })).toBe('> hi');
    expect(entryLine({ id: '2', kind: 'tool_use', name: 'Bash', input: { command: 'ls' } })).toBe(
      '⏺ Bash({"command":"ls"})',
    );
    expect(entryLine({ id: '3', kind: 'turn_end' })).toBeNull();
    expect(eventLine({ type: 'session.status', data: { from: 'idle', to: 'working' } })).toBe(
      '· status: idle → working',
    );
    expect(eventLine({ type: 'session.created', data: {} })).toBeNull();
    expect(
      eventLine({
        type: 'pipeline.stage',
        data: { pipelineId: 'p1', stage: 'test', from: 'running', to: 'retrying', reason: 'check failed' },
      }),
    ).toBe('· pipeline p1: stage test running → retrying (check failed)');
  });
});
