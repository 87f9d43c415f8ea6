import { processTree, type ProcessEntry, type ProcessTable } from './process-table.js';

export interface KillTreeOptions {
  /** Time between SIGTERM and SIGKILL. */
  graceMs: number;
  /** How often to look whether everything exited during the grace period. */
  pollMs?: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/**
 * SIGTERM to the whole tree of `rootPid` (see {@link processTree}), wait up to `graceMs` for it to go away,
 * then SIGKILL whatever is left (re-scanning, so children forked meanwhile are caught). Returns the pids signalled.
 */
export async function killProcessTree(
  table: ProcessTable,
  rootPid: number,
  options: KillTreeOptions,
): Promise<number[]> {
  const pollMs = options.pollMs ?? 25;
  const first = processTree(await table.list(), rootPid);
  const signalled = new Set(first);
  for (const pid of first) table.kill(pid, 'SIGTERM');
  const deadline = options.now() + options.graceMs;
  let alive = first;
  while (alive.length > 0 && options.now() < deadline) {
    await options.sleep(pollMs);
    const entries = await table.list();
    alive = stillAlive(alive, entries, rootPid);
  }
  if (alive.length > 0) {
    for (const pid of stillAlive(alive, await table.list(), rootPid)) {
      signalled.add(pid);
      table.kill(pid, 'SIGKILL');
    }
  }
  return [...signalled];
}

/** Known pids that still exist, plus anything now in the tree (children forked meanwhile, orphans in the session). */
function stillAlive(known: readonly number[], entries: readonly ProcessEntry[], rootPid: number): number[] {
  const live = new Set(entries.map((e) => e.pid));
  return [...new Set([...known, ...processTree(entries, rootPid)])].filter((pid) => live.has(pid));
}
