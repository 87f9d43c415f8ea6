import { describe, expect, it } from 'vitest';
import { parseControlLine } from './control-parse.js';
import { codeFromStderr } from './errors.js';
import { isKeyName } from './keys.js';
import { parseProcStat, processTree } from './process-table.js';
import { parseWindowInfo } from './window-info.js';

describe('codeFromStderr', () => {
  it.each([
    ['no server running on /tmp/tmux-0/x', 'SERVER_GONE'],
    ['error connecting to /tmp/tmux-0/x (Connection refused)', 'SERVER_GONE'],
    ["can't find window: @9", 'NOT_FOUND'],
    ["can't find pane: %9", 'NOT_FOUND'],
    ["can't find session: x", 'NOT_FOUND'],
    ['no such session: =x', 'NOT_FOUND'],
    ['session not found: x', 'NOT_FOUND'],
    ['command too long', 'COMMAND_FAILED'],
  ] as const)('%s → %s', (stderr, code) => {
    expect(codeFromStderr(stderr)).toBe(code);
  });
});

describe('parseControlLine', () => {
  it('reads the notifications the driver uses', () => {
    expect(parseControlLine('%output %3 hello\\015\\012')).toEqual({ type: 'output', paneId: '%3' });
    expect(parseControlLine('%extended-output %4 12 : x')).toEqual({ type: 'output', paneId: '%4' });
    expect(parseControlLine('%window-close @2')).toEqual({ type: 'window-close', windowId: '@2' });
    expect(parseControlLine('%unlinked-window-close @5')).toEqual({ type: 'window-close', windowId: '@5' });
    expect(parseControlLine('%pane-mode-changed %1')).toEqual({ type: 'pane-mode-changed', paneId: '%1' });
    expect(parseControlLine('%layout-change @0 a87d,100x30,0,0,0 a87d,100x30,0,0,0 *')).toEqual({
      type: 'layout-change',
      windowId: '@0',
    });
    expect(parseControlLine('%subscription-changed aegis-dead $0 @1 1 %1 : 1/3')).toEqual({
      type: 'subscription',
      name: 'aegis-dead',
      windowId: '@1',
      paneId: '%1',
      value: '1/3',
    });
    expect(parseControlLine('%exit')).toEqual({ type: 'exit', reason: '' });
    expect(parseControlLine('%exit server exited')).toEqual({ type: 'exit', reason: 'server exited' });
    expect(parseControlLine('%session-changed $0 aegis')).toEqual({ type: 'session-changed' });
    expect(parseControlLine('plain text').type).toBe('other');
  });
});

describe('process table', () => {
  it('parses /proc/<pid>/stat with odd command names and skips zombies', () => {
    expect(parseProcStat('42 (a) b (c)) S 7 42 40 0 -1')).toEqual({ pid: 42, ppid: 7, pgid: 42, sid: 40 });
    expect(parseProcStat('43 (sleep) Z 7 43 40 0')).toBeUndefined();
    expect(parseProcStat('garbage')).toBeUndefined();
  });

  it('walks descendants and orphans left in the root session', () => {
    const entries = [
      { pid: 10, ppid: 1, pgid: 10, sid: 10 }, // pane
      { pid: 11, ppid: 10, pgid: 11, sid: 11 }, // setsid child
      { pid: 12, ppid: 11, pgid: 11, sid: 11 }, // its child
      { pid: 13, ppid: 1, pgid: 10, sid: 10 }, // orphan re-parented to init, still in the pane session
      { pid: 14, ppid: 13, pgid: 10, sid: 10 },
      { pid: 20, ppid: 1, pgid: 20, sid: 20 }, // unrelated
    ];
    expect(processTree(entries, 10).sort()).toEqual([10, 11, 12, 13, 14]);
  });
});

describe('misc parsing', () => {
  it('window info lines', () => {
    expect(parseWindowInfo('@1\t%2\t99\t1\t3\t\t120\t40\tsh\t7\tmy\tname')).toEqual({
      id: '@1',
      paneId: '%2',
      pid: 99,
      dead: true,
      exitStatus: 3,
      exitSignal: null,
      width: 120,
      height: 40,
      currentCommand: 'sh',
      name: 'my\tname',
    });
    expect(parseWindowInfo('\t\t\t\t\t\t\t\t\t\t')).toBeUndefined();
    // tmux sees the closed terminal before it reaps the process: not dead until the status or signal is known
    expect(parseWindowInfo('@1\t%2\t99\t1\t\t\t120\t40\tsh\t7\tn')).toMatchObject({ dead: false, exitStatus: null });
    expect(parseWindowInfo('@1\t%2\t99\t1\t\t9\t120\t40\tsh\t7\tn')).toMatchObject({ dead: true, exitSignal: 9 });
  });

  it('key names', () => {
    expect(['Enter', 'C-c', 'BTab', '7'].every(isKeyName)).toBe(true);
    expect(['enter', 'C-x', '10', 'Bogus', ''].some(isKeyName)).toBe(false);
  });
});
