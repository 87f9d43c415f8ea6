import { SYNTHETIC_MODEL } from './parse-message.js';
import { PRICE_TABLE, PRICES_AS_OF, priceFor, type ModelPrice, type PriceRule } from './prices.js';
import {
  isAssistantEntry,
  type CostStateEntry,
  type ReportedModelUsage,
  type TranscriptEntry,
  type Usage,
  type UserPromptEntry,
} from './types.js';

/** Token sums plus the number of distinct API messages and their estimated cost. */
export interface UsageTotals extends Usage {
  /** Distinct API messages (`message.id` + `requestId`) counted. */
  messages: number;
  /** Estimated cost in USD (see {@link UsageReport.estimate}). */
  costUsd: number;
}

/** Usage of one turn: from a user prompt to the next. */
export interface TurnUsage extends UsageTotals {
  /** Entry id of the prompt that started the turn. */
  promptId: string;
  prompt: string;
  startedAt: string | null;
  /** A `turn_end` (`system`/`turn_duration`) closed the turn. */
  completed: boolean;
  durationMs: number | null;
  /**
   * The last of the turn's closing entries, in file order: `turn_end`, `api_error` or `interrupted`; null while
   * none was written (the turn runs, or the session stopped mid-turn). 2.1.331 writes no `turn_end` after a final
   * API error, so such a turn ends with `api_error` (2.1.197 writes both, the `turn_end` last).
   */
  endedBy: 'turn_end' | 'api_error' | 'interrupted' | null;
}

/** Claude Code's own figures from its last `cost-state` record (2.1.331+): cumulative, not an estimate of ours. */
export interface ReportedUsage {
  /** Entry id of the `cost_state` entry read. */
  entryId: string;
  totalCostUsd: number | null;
  byModel: Record<string, ReportedModelUsage>;
}

export interface UsageReport {
  /** Costs come from a hand-kept list-price table: always an estimate. */
  estimate: true;
  pricesAsOf: string;
  total: UsageTotals;
  byModel: Record<string, UsageTotals>;
  byTurn: TurnUsage[];
  /** Messages whose `parentUuid` chain reaches no user prompt (e.g. the parent is missing from the file). */
  unattributed: UsageTotals;
  /** Models with usage but no price row (their cost counts as 0). */
  unpricedModels: string[];
  /**
   * The session's last `cost-state` record, when there is one (2.1.331+). Never added to the sums above; it also
   * counts requests without assistant records (title generation, the unwritten rest of an interrupted stream).
   */
  reported: ReportedUsage | null;
}

export interface UsageOptions {
  /** Price rows. Default: {@link PRICE_TABLE}. */
  prices?: readonly PriceRule[];
}

function zero(): UsageTotals {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheCreation1hInputTokens: 0,
    cacheReadInputTokens: 0,
    messages: 0,
    costUsd: 0,
  };
}

/** Estimated USD cost of some usage at a price row. */
export function costOf(u: Usage, p: ModelPrice): number {
  const write1h = Math.min(u.cacheCreation1hInputTokens, u.cacheCreationInputTokens);
  const write5m = u.cacheCreationInputTokens - write1h;
  return (
    (u.inputTokens * p.input +
      u.outputTokens * p.output +
      write5m * p.cacheWrite5m +
      write1h * p.cacheWrite1h +
      u.cacheReadInputTokens * p.cacheRead) /
    1_000_000
  );
}

function addInto(t: UsageTotals, u: Usage, cost: number): void {
  t.inputTokens += u.inputTokens;
  t.outputTokens += u.outputTokens;
  t.cacheCreationInputTokens += u.cacheCreationInputTokens;
  t.cacheCreation1hInputTokens += u.cacheCreation1hInputTokens;
  t.cacheReadInputTokens += u.cacheReadInputTokens;
  t.messages += 1;
  t.costUsd += cost;
}

interface ApiMessage {
  model: string;
  usage: Usage;
  uuid: string | null;
}

/**
 * Distinct API messages with their usage. Claude Code writes one record per content block and repeats
 * the message's usage on each, so records are grouped by `message.id` + `requestId` (largest count wins).
 * Synthetic messages (`<synthetic>`: API errors, 2.1.197 interrupted partials) carry no real usage and are skipped;
 * 2.1.331 partials (`isAbortedMidStream`) keep the real model and the usage of the request, and are counted.
 */
export function apiMessages(entries: readonly TranscriptEntry[]): ApiMessage[] {
  const byKey = new Map<string, ApiMessage>();
  const out: ApiMessage[] = [];
  for (const e of entries) {
    if (!isAssistantEntry(e)) continue;
    const { usage, model, messageId, requestId } = e.message;
    if (usage === null || model === SYNTHETIC_MODEL) continue;
    const key = messageId === null && requestId === null ? `uuid:${e.uuid ?? e.id}` : `${messageId}\u0000${requestId}`;
    const seen = byKey.get(key);
    if (seen === undefined) {
      const m = { model: model ?? 'unknown', usage: { ...usage }, uuid: e.uuid };
      byKey.set(key, m);
      out.push(m);
      continue;
    }
    const s = seen.usage;
    s.inputTokens = Math.max(s.inputTokens, usage.inputTokens);
    s.outputTokens = Math.max(s.outputTokens, usage.outputTokens);
    s.cacheCreationInputTokens = Math.max(s.cacheCreationInputTokens, usage.cacheCreationInputTokens);
    s.cacheCreation1hInputTokens = Math.max(s.cacheCreation1hInputTokens, usage.cacheCreation1hInputTokens);
    s.cacheReadInputTokens = Math.max(s.cacheReadInputTokens, usage.cacheReadInputTokens);
  }
  return out;
}

/** True for a user prompt that starts a turn (not meta text, not amend text riding a tool result). */
export function startsTurn(e: TranscriptEntry): e is UserPromptEntry {
  return e.kind === 'user_prompt' && !e.isMeta && !e.withToolResult;
}

/** Finds, for any record uuid, the prompt whose turn it belongs to, by following `parentUuid`. */
export function turnResolver(entries: readonly TranscriptEntry[]): (uuid: string | null) => string | null {
  const parent = new Map<string, string | null>();
  const prompt = new Map<string, string>();
  for (const e of entries) {
    if (e.uuid === null) continue;
    if (!parent.has(e.uuid)) parent.set(e.uuid, e.parentUuid);
    if (startsTurn(e)) prompt.set(e.uuid, e.id);
  }
  const memo = new Map<string, string | null>();
  return (uuid) => {
    const path: string[] = [];
    let found: string | null = null;
    let u = uuid;
    while (u !== null) {
      const known = memo.get(u);
      if (known !== undefined) {
        found = known;
        break;
      }
      const p = prompt.get(u);
      if (p !== undefined) {
        found = p;
        break;
      }
      if (path.includes(u) || path.length > 100_000) break;
      path.push(u);
      u = parent.get(u) ?? null;
    }
    for (const v of path) memo.set(v, found);
    return found;
  };
}

/** Sum usage per model and per turn, with estimated costs. */
export function computeUsage(entries: readonly TranscriptEntry[], options: UsageOptions = {}): UsageReport {
  const table = options.prices ?? PRICE_TABLE;
  const turnOf = turnResolver(entries);
  const total = zero();
  const unattributed = zero();
  const byModel: Record<string, UsageTotals> = {};
  const unpriced = new Set<string>();
  const turns = new Map<string, TurnUsage>();
  const byTurn: TurnUsage[] = [];
  for (const e of entries) {
    if (!startsTurn(e) || e.kind !== 'user_prompt' || turns.has(e.id)) continue;
    const t: TurnUsage = {
      ...zero(),
      promptId: e.id,
      prompt: e.text,
      startedAt: e.timestamp,
      completed: false,
      durationMs: null,
      endedBy: null,
    };
    turns.set(e.id, t);
    byTurn.push(t);
  }
  let lastCost: CostStateEntry | null = null;
  for (const e of entries) {
    if (e.kind === 'cost_state') lastCost = e;
    if (e.kind !== 'turn_end' && e.kind !== 'api_error' && e.kind !== 'interrupted') continue;
    const t = turns.get(turnOf(e.uuid) ?? '');
    if (t === undefined) continue;
    t.endedBy = e.kind;
    if (e.kind !== 'turn_end') continue;
    t.completed = true;
    t.durationMs = e.durationMs;
  }
  for (const m of apiMessages(entries)) {
    const price = priceFor(m.model, table);
    if (price === null) unpriced.add(m.model);
    const cost = price === null ? 0 : costOf(m.usage, price);
    addInto(total, m.usage, cost);
    addInto((byModel[m.model] ??= zero()), m.usage, cost);
    addInto(turns.get(turnOf(m.uuid) ?? '') ?? unattributed, m.usage, cost);
  }
  const reported: ReportedUsage | null =
    lastCost === null
      ? null
      : { entryId: lastCost.id, totalCostUsd: lastCost.totalCostUsd, byModel: lastCost.modelUsage };
  return {
    estimate: true,
    pricesAsOf: PRICES_AS_OF,
    total,
    byModel,
    byTurn,
    unattributed,
    unpricedModels: [...unpriced],
    reported,
  };
}
