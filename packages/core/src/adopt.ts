import { AegisError } from './errors.js';
import { signalName } from './exit-signal.js';
import type { SessionManager } from './manager.js';
import type { SessionRecords } from './storage/session-records.js';
import type { Terminal, WindowInfo } from './terminal.js';

/**
 * After a restart: every record whose window still runs (same window, pane and pid) is followed again; a dead pane
 * ends as `exited` with its code, a missing window as `vanished`. Events continue from the persisted transcript
 * offset and last announced status, so nothing is announced twice.
 */
export async function adoptAll(m: SessionManager, store: SessionRecords, terminal: Terminal): Promise<void> {
  const records = store.all().filter((r) => r.endedAt === null);
  if (records.length === 0) return;
  let windows: WindowInfo[];
  try {
    windows = await terminal.listWindows(); // [] when there is no server: then every window is really gone
  } catch (cause) {
    // tmux missing or not answering: never mark sessions vanished on a guess
    throw new AegisError('TMUX_UNAVAILABLE', `cannot list tmux windows: ${(cause as Error).message}`, {}, { cause });
  }
  for (const r of records) {
    const w = windows.find((x) => x.id === r.windowId && x.paneId === r.paneId && x.pid === r.panePid);
    if (!w) await m.end(r.id, 'vanished', null);
    else if (w.dead) await m.end(r.id, 'exited', w.exitStatus, signalName(w.exitSignal));
    else {
      // belt and braces: the offset is saved just after the events; entries announced in between are skipped by id
      const announced = new Set<string>();
      for (const e of await m.events.replay(0, { sessionId: r.id })) {
        const entryId = (e.data as { entryId?: unknown }).entryId;
        if (typeof entryId === 'string') announced.add(entryId);
      }
      await m.attach(r, announced);
      m.events.emit({ type: 'session.adopted', sessionId: r.id, data: { windowId: r.windowId } });
    }
  }
}
