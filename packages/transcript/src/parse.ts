import { entry, envelope, num, str, unknownEntry, type JsonRecord } from './envelope.js';
import { BOOKKEEPING_TYPES, parseBookkeeping } from './parse-bookkeeping.js';
import { parseAssistantRecord, parseUserRecord } from './parse-message.js';
import { parseLocalCommand } from './parse-text.js';
import type { TranscriptEntry } from './types.js';

/** Where a record came from; lets bookkeeping records without uuid get a stable id. */
export interface ParseContext {
  /** Byte offset of the record's line in its file. Default: null (ids of uuid-less records then use `@?`). */
  offset?: number | null;
}

/** Record types Claude Code writes as session metadata, kept whole as `session_meta` entries. */
const SESSION_META_TYPES = new Set([
  'summary',
  'custom-title',
  'ai-title',
  'tag',
  'relocated',
  'agent-name',
  'agent-color',
  'agent-setting',
  'isolation-latch',
  'atis-latch',
  'worktree-state',
  'pr-link',
  'bridge-session',
  'attribution-snapshot',
  'content-replacement',
  'fork-context-ref',
  'marble-origami-commit',
  'marble-origami-snapshot',
  'marble-origami-reset',
]);

/**
 * Parse one JSONL line into entries. Returns null for a malformed line (not JSON, or not a JSON object),
 * an empty array for a blank line.
 */
export function parseLine(line: string, ctx: ParseContext = {}): TranscriptEntry[] | null {
  // Cheap pre-check: every record is an object, so anything else is malformed without paying for an exception.
  let start = 0;
  while (start < line.length && isSpace(line.charCodeAt(start))) start++;
  if (start === line.length) return [];
  if (line.charCodeAt(start) !== 0x7b /* { */) return null;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return null;
  }
  return parseRecord(record, ctx);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Turn one parsed record into zero or more typed entries; null when it is not a JSON object. */
export function parseRecord(record: unknown, ctx: ParseContext = {}): TranscriptEntry[] | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const r = record as JsonRecord;
  const type = typeof r.type === 'string' ? r.type : null;
  const offset = ctx.offset ?? null;
  switch (type) {
    case 'user':
      return parseUserRecord(r, offset);
    case 'assistant':
      return parseAssistantRecord(r, offset);
    case 'system':
      return [parseSystemRecord(r, offset)];
    case 'attachment': {
      const a = r.attachment;
      if (a === null || typeof a !== 'object' || Array.isArray(a)) return [unknownEntry(r, offset, 'shape', type)];
      const att = a as JsonRecord;
      return [
        entry(envelope(r, offset, 0, 'system', type), {
          kind: 'attachment',
          attachmentType: str(att.type) ?? 'unknown',
          attachment: att,
        }),
      ];
    }
    case 'progress': {
      const data = r.data;
      const dataType = data !== null && typeof data === 'object' ? str((data as JsonRecord).type) : null;
      return [
        entry(envelope(r, offset, 0, 'system', type), {
          kind: 'progress',
          dataType,
          toolUseId: str(r.toolUseID),
          parentToolUseId: str(r.parentToolUseID),
          data,
        }),
      ];
    }
    case 'queue-operation':
      return [
        entry(envelope(r, offset, 0, 'system', type), {
          kind: 'queue_operation',
          operation: str(r.operation) ?? 'unknown',
          content: str(r.content),
        }),
      ];
    case 'permission-mode':
      return [
        entry(envelope(r, offset, 0, 'system', type), {
          kind: 'permission_mode',
          permissionMode: str(r.permissionMode) ?? '',
        }),
      ];
    case 'mode':
      return [entry(envelope(r, offset, 0, 'system', type), { kind: 'mode', mode: str(r.mode) ?? '' })];
    case 'last-prompt':
      return [
        entry(envelope(r, offset, 0, 'system', type), {
          kind: 'last_prompt',
          lastPrompt: str(r.lastPrompt),
          leafUuid: str(r.leafUuid),
        }),
      ];
    case 'file-history-snapshot':
      return [
        entry(envelope(r, offset, 0, 'system', type), {
          kind: 'file_snapshot',
          messageId: str(r.messageId),
          isSnapshotUpdate: r.isSnapshotUpdate === true,
          snapshot: r.snapshot,
        }),
      ];
    default:
      if (type !== null && BOOKKEEPING_TYPES.has(type)) return [parseBookkeeping(r, offset, type)];
      if (type !== null && SESSION_META_TYPES.has(type)) {
        return [entry(envelope(r, offset, 0, 'system', type), { kind: 'session_meta', recordType: type, data: r })];
      }
      return [unknownEntry(r, offset, 'record_type', type)];
  }
}

function parseSystemRecord(r: JsonRecord, offset: number | null): TranscriptEntry {
  const subtype = str(r.subtype);
  const base = envelope(r, offset, 0, 'system', 'system');
  switch (subtype) {
    case 'turn_duration':
      return entry(base, { kind: 'turn_end', durationMs: num(r.durationMs), messageCount: num(r.messageCount) });
    case 'compact_boundary': {
      const meta = r.compactMetadata;
      const m = meta !== null && typeof meta === 'object' ? (meta as JsonRecord) : {};
      return entry(base, {
        kind: 'compact_boundary',
        trigger: str(m.trigger),
        preTokens: num(m.preTokens),
        logicalParentUuid: str(r.logicalParentUuid),
        compactMetadata: meta,
      });
    }
    case 'local_command':
      return entry(base, parseLocalCommand(str(r.content) ?? '', r.isMeta === true, 'system'));
    case 'informational':
      return entry(base, { kind: 'informational', content: str(r.content) ?? '', level: str(r.level) });
    case 'stop_hook_summary':
      return entry(base, {
        kind: 'stop_hook_summary',
        hookCount: num(r.hookCount),
        hookInfos: r.hookInfos,
        hookErrors: r.hookErrors,
        preventedContinuation: r.preventedContinuation === true,
        stopReason: str(r.stopReason),
        toolUseId: str(r.toolUseID),
      });
    default:
      return unknownEntry(r, offset, 'system_subtype', `system/${subtype ?? ''}`);
  }
}
