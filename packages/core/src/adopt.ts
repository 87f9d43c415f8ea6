import { AegisError } from './errors.js';
import type { EventLog } from './event-log.js';
import type { EndReason } from './events.js';
import { signalName } from './exit-signal.js';
import type { SessionRecord } from './record.js';
import type { Terminal, WindowInfo } from './terminal.js';

/** What re-adoption needs: follow a live record again, or end a dead one. */
export interface Adopter {
  terminal: Pick<Terminal, 'listWindows'>;
  events: Pick<EventLog, 'replay' | 'emit'>;
  follow(record: SessionRecord, announcedEntryIds: ReadonlySet<string>): Promise<void>;
  end(record: SessionRecord, reason: EndReason, code: number | null, signal: string | null): Promise<void>;
}

/**
 * After a restart: every record whose window still runs (same window, pane and pid) is followed again; a dead pane
 * ends as `exited` with its code, a missing window as `vanished`. Events continue from the persisted transcript
 * offset and last announced status, so nothing is announced twice.
 */
export async function adoptAll(records: readonly SessionRecord[], a: Adopter): Promise<void> {
  const open = records.filter((r) => r.endedAt === null);
  if (open.length === 0) return;
  let windows: WindowInfo[];
  try {
    windows = await a.terminal.listWindows(); // [] when there is no server: then every window is really gone
  } catch (cause) {
    // tmux missing or not answering: never mark sessions vanished on a guess
    throw new AegisError('TMUX_UNAVAILABLE', `cannot list tmux windows: ${(cause as Error).message}`, {}, { cause });
  }
  for (const r of open) {
    const w = windows.find((x) => x.id === r.windowId && x.paneId === r.paneId && x.pid === r.panePid);
    if (!w) await a.end(r, 'vanished', null, null);
    else if (w.dead) await a.end(r, 'exited', w.exitStatus, signalName(w.exitSignal));
    else {
      // belt and braces: the offset is saved just after the events; entries announced in between are skipped by id
      const announced = new Set<string>();
      for (const e of await a.events.replay(0, { sessionId: r.id })) {
        const entryId = (e.data as { entryId?: unknown }).entryId;
        if (typeof entryId === 'string') announced.add(entryId);
      }
      await a.follow(r, announced);
      a.events.emit({ type: 'session.adopted', sessionId: r.id, data: { windowId: r.windowId } });
    }
  }
}
