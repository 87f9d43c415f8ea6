import type { SessionInfo } from '@aegis/core';
import type { TranscriptEntry } from '@aegis/transcript';

/** One line per session in lists: what an agent needs to pick one. */
export interface SessionBrief {
  id: string;
  name: string;
  workDir: string;
  status: string;
  permissionMode: string;
  owner: string | null;
  pendingPrompt: { id: string; kind: string } | null;
  queueLength: number;
  createdAt: number;
  lastActivity: number;
  endedAt: number | null;
}

export function sessionBrief(s: SessionInfo): SessionBrief {
  return {
    id: s.id,
    name: s.name,
    workDir: s.workDir,
    status: s.status,
    permissionMode: s.permissionMode,
    owner: s.owner,
    pendingPrompt: s.pendingPrompt ? { id: s.pendingPrompt.id, kind: s.pendingPrompt.kind } : null,
    queueLength: s.queueLength,
    createdAt: s.createdAt,
    lastActivity: s.lastActivity,
    endedAt: s.endedAt,
  };
}

/** The full session view of `get_session` (JSON-safe: `state` carries screen details). */
export function sessionView(s: SessionInfo): Record<string, unknown> {
  return JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
}

/** Longest text kept per transcript entry; longer text is cut and marked `truncated`. */
export const ENTRY_TEXT_LIMIT = 20_000;

export interface EntryView {
  id: string;
  kind: string;
  role: string;
  timestamp: string | null;
  text?: string;
  name?: string;
  input?: unknown;
  isError?: boolean;
  truncated?: boolean;
}

function cut(text: string): { text: string; truncated?: true } {
  return text.length > ENTRY_TEXT_LIMIT ? { text: text.slice(0, ENTRY_TEXT_LIMIT), truncated: true } : { text };
}

/** A transcript entry without bookkeeping (raw content, offsets, usage). */
export function entryView(e: TranscriptEntry): EntryView {
  const v: EntryView = { id: e.id, kind: e.kind, role: e.role, timestamp: e.timestamp };
  const any = e as unknown as Record<string, unknown>;
  if (e.kind === 'tool_use') return { ...v, name: e.name, input: e.input };
  if (e.kind === 'tool_result') return { ...v, ...cut(e.text), isError: e.isError };
  if (typeof any.text === 'string') return { ...v, ...cut(any.text) };
  return v;
}

/** The entry as one line of readable text. */
export function entryLine(v: EntryView): string {
  if (v.kind === 'tool_use') return `[${v.kind}] ${v.name ?? ''} ${JSON.stringify(v.input ?? null)}`;
  return `[${v.kind}] ${v.text ?? ''}${v.truncated ? ' …(truncated)' : ''}`;
}
