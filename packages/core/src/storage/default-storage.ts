import { AegisError } from '../errors.js';
import type { FileSystem } from '../io.js';
import { FileEventStore } from './file-event-store.js';
import { FilePipelineStore } from './file-pipeline-store.js';
import { FileSessionStore } from './file-session-store.js';
import type { Storage } from './types.js';

export type ResolvedStorage = Omit<Storage, 'queues'> & { queues: Storage['queues'] | null };

/**
 * The given stores, the rest as files in `stateDir`. Queues left out (null) live in the session records. No state
 * dir and no store given: null, everything in memory.
 */
export function defaultStorage(
  stateDir: string | null,
  fs: FileSystem,
  given: Partial<Storage>,
): ResolvedStorage | null {
  if (stateDir === null && Object.keys(given).length === 0) return null;
  const need = <T>(store: T | undefined, file: (dir: string) => T): T => {
    if (store) return store;
    if (stateDir === null)
      throw new AegisError('INVALID_INPUT', 'storage: give every store, or a stateDir for the ones left out');
    return file(stateDir);
  };
  return {
    networked: given.networked ?? false,
    sessions: need(given.sessions, (d) => new FileSessionStore(d, fs)),
    events: need(given.events, (d) => new FileEventStore(d, fs)),
    pipelines: need(given.pipelines, (d) => new FilePipelineStore(d, fs)),
    queues: given.queues ?? null,
  };
}
