import { readdir, readFile } from 'node:fs/promises';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgid: number;
  /** Session id (the pane's process is a session leader, so its pid is the pane's sid). */
  sid: number;
}

/** Snapshot of running processes, and a way to signal them. Injectable for tests. */
export interface ProcessTable {
  list(): Promise<ProcessEntry[]>;
  /** Sends a signal; returns false when the process no longer exists. */
  kill(pid: number, signal: NodeJS.Signals): boolean;
}

/** Parses `/proc/<pid>/stat` (the command name may contain spaces and parentheses); undefined for zombies. */
export function parseProcStat(text: string): ProcessEntry | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  // fields: state ppid pgrp session ...; a zombie has already exited and only waits to be reaped
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  const ppid = Number(fields[1]);
  const pgid = Number(fields[2]);
  const sid = Number(fields[3]);
  if (![pid, ppid, pgid, sid].every(Number.isInteger)) return undefined;
  return { pid, ppid, pgid, sid };
}

/** Linux process table on `/proc`. */
export function createProcProcessTable(procDir = '/proc'): ProcessTable {
  return {
    async list() {
      const names = await readdir(procDir);
      const entries = await Promise.all(
        names
          .filter((name) => /^\d+$/.test(name))
          .map(async (name) => {
            try {
              return parseProcStat(await readFile(`${procDir}/${name}/stat`, 'utf8'));
            } catch {
              return undefined; // exited meanwhile
            }
          }),
      );
      return entries.filter((e): e is ProcessEntry => e !== undefined);
    },
    kill(pid, signal) {
      try {
        process.kill(pid, signal);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Every process that belongs to the tree of `rootPid`: its descendants through ppid links, plus processes left in
 * the root's session (orphans re-parented to init keep their sid), plus their descendants. Includes the root.
 */
export function processTree(entries: readonly ProcessEntry[], rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of entries) {
    const list = children.get(e.ppid);
    if (list) list.push(e.pid);
    else children.set(e.ppid, [e.pid]);
  }
  const found = new Set<number>();
  const stack = [rootPid, ...entries.filter((e) => e.sid === rootPid && e.pid !== rootPid).map((e) => e.pid)];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (found.has(pid) || pid <= 1) continue;
    found.add(pid);
    for (const child of children.get(pid) ?? []) stack.push(child);
  }
  return [...found];
}
