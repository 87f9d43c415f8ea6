import type { Answerer } from '../answerer.js';
import { stateUnwritable, storeUnavailable } from '../state-dir.js';
import type { EventLog } from '../event-log.js';
import type { HookReceiver } from '../hook-receiver.js';
import type { ResolvedOptions } from '../manager-options.js';
import type { PersistedMessage } from '../record.js';
import { StatusPoller } from '../status-poller.js';
import { RetryingWrites } from '../storage/retrying-writes.js';
import { recordQueueStore, type SessionRecords } from '../storage/session-records.js';
import type { SessionDeps } from './deps.js';

/**
 * The services a manager shares among its sessions: one status poller per Claude config dir, the queue store
 * (default: in the session records) with its writes tracked, and the "is state writable" check.
 */
export function sessionDeps(
  o: ResolvedOptions,
  shared: Pick<SessionDeps, 'worktreeSummary'> & {
    events: EventLog;
    records: SessionRecords;
    receiver: HookReceiver;
    answerer: Answerer;
    onEnded(id: string): void;
  },
): SessionDeps & { stopPollers(): void } {
  const { records, events } = shared;
  const pollers = new Map<string, StatusPoller>();
  const store = o.storage?.queues ?? recordQueueStore(records);
  const writes = new Set<Promise<void>>();
  // a queue save that failed is retried (the newest one per session wins), so an accepted message is never lost
  const retry = new RetryingWrites();
  return {
    ...shared,
    terminal: o.terminal,
    clock: o.clock,
    ids: o.ids,
    fs: o.fs,
    stateDir: o.stateDir,
    delivery: o.delivery,
    transcriptPollMs: o.transcriptPollMs,
    permissionHoldMs: o.permissionHoldMs,
    statusPoller(configDir) {
      let p = pollers.get(configDir);
      if (!p) pollers.set(configDir, (p = new StatusPoller(configDir, o.fs, o.clock, o.statusPollMs)));
      return p;
    },
    stopPollers: () => {
      pollers.forEach((p) => p.stop());
      retry.stop();
    },
    queues: {
      load: (id) => store.load(id),
      save(id: string, pending: PersistedMessage[]) {
        const w = retry.run(`queue:${id}`, () => store.save(id, pending));
        writes.add(w);
        void w.then(() => writes.delete(w));
      },
    },
    async persisted() {
      await Promise.all([records.flush(), ...writes]);
    },
    writable() {
      const e = records.writeError ?? events.writeError ?? retry.error;
      if (e) throw o.storage?.networked ? storeUnavailable(e) : stateUnwritable(o.stateDir ?? '', e);
    },
  };
}
