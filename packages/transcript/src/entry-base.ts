/** Who an entry speaks for. `tool` = a tool result; `system` = records Claude Code writes for itself. */
export type Role = 'user' | 'assistant' | 'tool' | 'system';

/** Fields shared by every entry. */
export interface EntryBase {
  /** Stable cursor: `<uuid>` for a record's first entry, `<uuid>:<n>` for the n-th; `<type>@<byteOffset>` for records without uuid. */
  id: string;
  /** The record's `uuid`; null for bookkeeping records (mode, permission-mode, queue-operation, …). */
  uuid: string | null;
  /** Index of this entry among the entries its record produced (0 for most). */
  blockIndex: number;
  parentUuid: string | null;
  /** ISO timestamp as written; null when the record has none. */
  timestamp: string | null;
  sessionId: string | null;
  isSidechain: boolean;
  /** Subagent id on subagent transcripts. */
  agentId: string | null;
  role: Role;
  /** Byte offset of the record's line in its file, when read from a file. */
  offset: number | null;
}
