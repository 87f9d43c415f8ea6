import { join } from 'node:path';
import { openTranscript, projectSlug, type Page, type PageQuery, type TranscriptSummary } from '@aegis/transcript';
import type { SessionManager } from './manager.js';
import type { SessionRecord } from './record.js';
import { health, type Health } from './session-info.js';
import type { Target } from './terminal.js';

function transcriptFile(r: SessionRecord): string {
  return join(r.configDir, 'projects', projectSlug(r.workDir), `${r.claudeSessionId}.jsonl`);
}

async function transcriptOf(m: SessionManager, id: string) {
  const info = m.get(id);
  const live = m.live(id);
  if (live) {
    await live.rt.transcript.check();
    return live.rt.transcript.transcript;
  }
  return openTranscript(transcriptFile(info as unknown as SessionRecord));
}

/** A page of the transcript; cursors (`after`/`before`) are stable entry ids. */
export async function transcriptPage(m: SessionManager, id: string, query: PageQuery = {}): Promise<Page> {
  return (await transcriptOf(m, id)).page(query);
}

export async function transcriptSummary(m: SessionManager, id: string): Promise<TranscriptSummary> {
  return (await transcriptOf(m, id)).summary();
}

/** The pane's text as shown now. */
export async function paneText(m: SessionManager, id: string): Promise<string> {
  const info = m.get(id);
  if (info.endedAt !== null) return '';
  return m.terminal.capture(info.paneId as Target).catch(() => '');
}

export async function sessionHealth(m: SessionManager, id: string): Promise<Health> {
  const info = m.get(id);
  const live = m.live(id);
  const win = await m.terminal.windowInfo(info.windowId as Target).catch(() => undefined);
  return health({ ...info, hookSecret: '' }, live?.rt, win, live?.queue.length ?? 0);
}

