import { randomUUID } from 'node:crypto';
import { appendFile, chmod, mkdir, readFile, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { realClock, type Clock, type TimerHandle } from '@aegis/state';

// Time is injected: core logic never reads the wall clock or schedules on its own. Core and detector share one Clock.

export { realClock, type Clock, type TimerHandle };

/** Resolves after `ms` on the given clock. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** The file operations core needs. */
export interface FileSystem {
  readFile(path: string): Promise<string>;
  /** Atomic: write a temp file next to `path`, then rename. */
  writeFileAtomic(path: string, data: string, mode?: number): Promise<void>;
  appendFile(path: string, data: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<{ isDirectory: boolean; mtimeMs: number; size: number }>;
  rm(path: string): Promise<void>;
}

let tmpSeq = 0;

export const nodeFileSystem: FileSystem = {
  readFile: (p) => readFile(p, 'utf8'),
  async writeFileAtomic(p, data, mode = 0o600) {
    await mkdir(dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.${++tmpSeq}.tmp`;
    await writeFile(tmp, data, { mode });
    await chmod(tmp, mode);
    await rename(tmp, p);
  },
  async appendFile(p, data) {
    await appendFile(p, data, { mode: 0o600 });
  },
  async mkdir(p) {
    await mkdir(p, { recursive: true, mode: 0o700 });
  },
  readdir: (p) => readdir(p),
  realpath: (p) => realpath(p),
  async stat(p) {
    const s = await stat(p);
    return { isDirectory: s.isDirectory(), mtimeMs: s.mtimeMs, size: s.size };
  },
  rm: (p) => rm(p, { force: true, recursive: true }),
};

/** Ids for sessions, queued messages and prompts. */
export interface IdGenerator {
  uuid(): string;
  /** A secret (hex). */
  secret(): string;
}

export const randomIds: IdGenerator = {
  uuid: () => randomUUID(),
  secret: () => randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, ''),
};

export function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ENOENT';
}
