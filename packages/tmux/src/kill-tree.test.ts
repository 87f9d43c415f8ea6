import { describe, expect, it } from 'vitest';
import { killProcessTree } from './kill-tree.js';
import type { ProcessEntry, ProcessTable } from './process-table.js';

/** A process table whose processes die on SIGTERM unless stubborn, and always on SIGKILL. */
function fakeTable(entries: ProcessEntry[], stubborn: number[]): ProcessTable & { signals: string[] } {
  let live = [...entries];
  const signals: string[] = [];
  return {
    signals,
    async list() {
      return [...live];
    },
    kill(pid, signal) {
      signals.push(`${signal}:${pid}`);
      if (signal === 'SIGKILL' || !stubborn.includes(pid)) live = live.filter((e) => e.pid !== pid);
      return true;
    },
  };
}

describe('killProcessTree', () => {
  const entries = [
    { pid: 10, ppid: 1, pgid: 10, sid: 10 },
    { pid: 11, ppid: 10, pgid: 11, sid: 11 },
    { pid: 12, ppid: 11, pgid: 11, sid: 11 },
  ];

  it('SIGTERMs the tree and stops once everything exited', async () => {
    const table = fakeTable(entries, []);
    let now = 0;
    await killProcessTree(table, 10, { graceMs: 1000, now: () => now, sleep: async (ms) => void (now += ms) });
    expect(table.signals.sort()).toEqual(['SIGTERM:10', 'SIGTERM:11', 'SIGTERM:12']);
    expect(now).toBeLessThan(1000);
  });

  it('SIGKILLs what survives the grace period', async () => {
    const table = fakeTable(entries, [12]);
    let now = 0;
    await killProcessTree(table, 10, { graceMs: 500, now: () => now, sleep: async (ms) => void (now += ms) });
    expect(table.signals).toContain('SIGKILL:12');
    expect(table.signals.filter((s) => s.startsWith('SIGKILL'))).toEqual(['SIGKILL:12']);
    expect(await table.list()).toEqual([]);
  });
});
