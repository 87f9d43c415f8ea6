import { entry, envelope, num, str, type JsonRecord } from './envelope.js';
import type { TranscriptEntry } from './types.js';
import type { ReportedModelUsage } from './types-bookkeeping.js';

function asObject(v: unknown): JsonRecord | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonRecord) : null;
}

const API_REQUEST_PARTS = {
  'api-request': 'request',
  'api-request-shape': 'shape',
  'api-request-blob': 'blob',
} as const;

/** Bookkeeping record types (2.1.331+) with their own entry kinds. */
export const BOOKKEEPING_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(API_REQUEST_PARTS),
  'cost-state',
  'tools-used',
  'file-history-delta',
]);

/** `api-request*`, `cost-state`, `tools-used`, `file-history-delta` → their entries; the type must be in {@link BOOKKEEPING_TYPES}. */
export function parseBookkeeping(r: JsonRecord, offset: number | null, type: string): TranscriptEntry {
  const base = envelope(r, offset, 0, 'system', type);
  if (type === 'cost-state') return costState(r, base);
  if (type === 'tools-used') {
    const tools = Array.isArray(r.tools) ? r.tools.filter((t): t is string => typeof t === 'string') : [];
    return entry(base, { kind: 'tools_used', tools });
  }
  if (type === 'file-history-delta') {
    return entry(base, {
      kind: 'file_history_delta',
      messageId: str(r.messageId),
      snapshotMessageId: str(r.snapshotMessageId),
      trackingPath: str(r.trackingPath),
      backup: r.backup,
    });
  }
  const part = API_REQUEST_PARTS[type as keyof typeof API_REQUEST_PARTS];
  const params = asObject(r.params);
  return entry(base, {
    kind: 'api_request',
    part,
    requestRef: part === 'request' ? str(r.id) : null,
    baseRequestRef: str(r.base),
    querySource: str(r.querySource),
    model: params === null ? null : str(params.model),
    requestDigest: str(r.requestDigest),
    shapeHash: str(r.shapeHash),
    hash: str(r.hash),
    data: r,
  });
}

function costState(r: JsonRecord, base: ReturnType<typeof envelope>): TranscriptEntry {
  const modelUsage: Record<string, ReportedModelUsage> = {};
  const rows = asObject(r.modelUsage);
  if (rows !== null) {
    for (const [model, v] of Object.entries(rows)) {
      const m = asObject(v);
      if (m === null) continue;
      modelUsage[model] = {
        inputTokens: num(m.inputTokens) ?? 0,
        outputTokens: num(m.outputTokens) ?? 0,
        cacheCreationInputTokens: num(m.cacheCreationInputTokens) ?? 0,
        cacheCreation1hInputTokens: num(m.cacheCreationEphemeral1hInputTokens) ?? 0,
        cacheReadInputTokens: num(m.cacheReadInputTokens) ?? 0,
        thinkingTokens: num(m.thinkingTokens) ?? 0,
        webSearchRequests: num(m.webSearchRequests) ?? 0,
        costUsd: num(m.costUSD) ?? 0,
      };
    }
  }
  return entry(base, {
    kind: 'cost_state',
    totalCostUsd: num(r.totalCostUSD),
    totalApiDurationMs: num(r.totalAPIDuration),
    totalApiDurationWithoutRetriesMs: num(r.totalAPIDurationWithoutRetries),
    totalToolDurationMs: num(r.totalToolDuration),
    totalDurationMs: num(r.totalDuration),
    linesAdded: num(r.totalLinesAdded),
    linesRemoved: num(r.totalLinesRemoved),
    startTime: num(r.startTime),
    hasUnknownModelCost: r.hasUnknownModelCost === true,
    modelUsage,
  });
}
