import type { PriceRule } from './prices.js';
import type { EntryKind, Role, TranscriptEntry } from './types.js';
import { computeUsage, startsTurn, type UsageReport } from './usage.js';

export interface SummaryOptions {
  /** How many of the last messages to include, condensed. Default: 10. */
  lastN?: number;
  /** Longest condensed text, in characters (an ellipsis marks the cut). Default: 300. */
  maxChars?: number;
  /** Price rows for the cost estimate. Default: the built-in table. */
  prices?: readonly PriceRule[];
}

/** One message of a summary, its text condensed. The full entry stays available by `id`. */
export interface CondensedMessage {
  id: string;
  kind: EntryKind;
  role: Role;
  timestamp: string | null;
  text: string;
  isError: boolean;
}

export interface TranscriptSummary {
  sessionId: string | null;
  entries: number;
  /** User prompts that started a turn. */
  prompts: number;
  /** Turns closed by a `turn_end`. */
  turnsCompleted: number;
  apiErrors: number;
  interruptions: number;
  compactions: number;
  /** Tool name → uses and error results. */
  tools: Record<string, { uses: number; errors: number }>;
  /** Full text of the last `assistant_text` entry. */
  lastAssistantText: string | null;
  lastMessages: CondensedMessage[];
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  usage: UsageReport;
}

const MESSAGE_KINDS: ReadonlySet<EntryKind> = new Set<EntryKind>([
  'user_prompt',
  'assistant_text',
  'tool_use',
  'tool_result',
  'api_error',
  'partial_answer',
  'interrupted',
]);

/** Collapse whitespace and cut to `max` characters. */
export function condense(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

function messageText(e: TranscriptEntry): string | null {
  switch (e.kind) {
    case 'user_prompt':
      return e.isMeta ? null : e.text;
    case 'assistant_text':
    case 'api_error':
    case 'partial_answer':
    case 'interrupted':
    case 'tool_result':
      return e.text;
    case 'tool_use':
      return `${e.name} ${JSON.stringify(e.input) ?? ''}`;
    default:
      return null;
  }
}

/** Totals, tool counts, last assistant text and the last N messages of a transcript. */
export function summarize(entries: readonly TranscriptEntry[], options: SummaryOptions = {}): TranscriptSummary {
  const lastN = options.lastN ?? 10;
  const maxChars = options.maxChars ?? 300;
  const tools: Record<string, { uses: number; errors: number }> = {};
  const toolNames = new Map<string, string>();
  let prompts = 0;
  let turnsCompleted = 0;
  let apiErrors = 0;
  let interruptions = 0;
  let compactions = 0;
  let lastAssistantText: string | null = null;
  let sessionId: string | null = null;
  let firstTimestamp: string | null = null;
  let lastTimestamp: string | null = null;
  for (const e of entries) {
    sessionId ??= e.sessionId;
    if (e.timestamp !== null) {
      if (firstTimestamp === null || e.timestamp < firstTimestamp) firstTimestamp = e.timestamp;
      if (lastTimestamp === null || e.timestamp > lastTimestamp) lastTimestamp = e.timestamp;
    }
    if (startsTurn(e)) prompts++;
    switch (e.kind) {
      case 'turn_end':
        turnsCompleted++;
        break;
      case 'api_error':
        apiErrors++;
        break;
      case 'interrupted':
        interruptions++;
        break;
      case 'compact_boundary':
        compactions++;
        break;
      case 'assistant_text':
        lastAssistantText = e.text;
        break;
      case 'tool_use':
        toolNames.set(e.toolUseId, e.name);
        (tools[e.name] ??= { uses: 0, errors: 0 }).uses++;
        break;
      case 'tool_result':
        if (e.isError) (tools[toolNames.get(e.toolUseId) ?? 'unknown'] ??= { uses: 0, errors: 0 }).errors++;
        break;
      default:
        break;
    }
  }
  const lastMessages: CondensedMessage[] = [];
  for (let i = entries.length - 1; i >= 0 && lastMessages.length < lastN; i--) {
    const e = entries[i]!;
    if (!MESSAGE_KINDS.has(e.kind)) continue;
    const text = messageText(e);
    if (text === null) continue;
    lastMessages.push({
      id: e.id,
      kind: e.kind,
      role: e.role,
      timestamp: e.timestamp,
      text: condense(text, maxChars),
      isError: e.kind === 'api_error' || (e.kind === 'tool_result' && e.isError),
    });
  }
  lastMessages.reverse();
  return {
    sessionId,
    entries: entries.length,
    prompts,
    turnsCompleted,
    apiErrors,
    interruptions,
    compactions,
    tools,
    lastAssistantText,
    lastMessages,
    firstTimestamp,
    lastTimestamp,
    usage: computeUsage(entries, options.prices === undefined ? {} : { prices: options.prices }),
  };
}
