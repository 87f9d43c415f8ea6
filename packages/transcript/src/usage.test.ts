import { describe, expect, it } from 'vitest';
import { parseRecord } from './parse.js';
import { PRICE_TABLE, priceFor } from './prices.js';
import { summarize } from './summary.js';
import type { TranscriptEntry } from './types.js';
import { computeUsage, costOf } from './usage.js';

function rec(record: Record<string, unknown>): TranscriptEntry[] {
  return parseRecord({ sessionId: 's', isSidechain: false, timestamp: '2026-01-01T00:00:00.000Z', ...record })!;
}
const u = (input: number, output: number, cacheWrite = 0, cacheRead = 0, write1h = 0) => ({
  input_tokens: input,
  output_tokens: output,
  cache_creation_input_tokens: cacheWrite,
  cache_read_input_tokens: cacheRead,
  cache_creation: { ephemeral_1h_input_tokens: write1h, ephemeral_5m_input_tokens: cacheWrite - write1h },
});
function block(uuid: string, parentUuid: string, msg: string, model: string, usage: unknown, content: unknown) {
  return rec({
    type: 'assistant',
    uuid,
    parentUuid,
    requestId: `req-${msg}`,
    message: { id: msg, model, content: [content], usage },
  });
}

/** Two turns: turn 1 = one opus message written as two records (text + tool_use), then a sonnet reply; turn 2 = haiku. */
function session(): TranscriptEntry[] {
  return [
    ...rec({ type: 'user', uuid: 'p1', parentUuid: null, message: { role: 'user', content: 'first' } }),
    ...block('a1', 'p1', 'msg1', 'claude-opus-4-5', u(1000, 200, 100, 50), { type: 'text', text: 'running' }),
    ...block('a2', 'a1', 'msg1', 'claude-opus-4-5', u(1000, 200, 100, 50), {
      type: 'tool_use',
      id: 't1',
      name: 'Bash',
      input: { command: 'ls' },
    }),
    ...rec({
      type: 'user',
      uuid: 'r1',
      parentUuid: 'a2',
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'boom', is_error: true }] },
    }),
    ...block('a3', 'r1', 'msg2', 'claude-sonnet-4-5', u(10, 5), { type: 'text', text: 'done with turn one' }),
    ...rec({ type: 'system', subtype: 'turn_duration', uuid: 'e1', parentUuid: 'a3', durationMs: 1500 }),
    ...rec({ type: 'user', uuid: 'p2', parentUuid: 'e1', message: { role: 'user', content: 'second' } }),
    ...block('a4', 'p2', 'msg3', 'claude-haiku-4-5', u(0, 0, 2000, 0, 2000), { type: 'text', text: 'last words' }),
    ...rec({
      type: 'assistant',
      uuid: 'x',
      parentUuid: 'a4',
      isApiErrorMessage: true,
      apiErrorStatus: 500,
      error: 'server_error',
      message: { id: 'syn', model: '<synthetic>', content: [{ type: 'text', text: 'API Error: 500' }], usage: u(0, 0) },
    }),
  ];
}

describe('computeUsage', () => {
  it('counts a message written as several records once', () => {
    const r = computeUsage(session());
    expect(r.total).toMatchObject({
      inputTokens: 1010,
      outputTokens: 205,
      cacheCreationInputTokens: 2100,
      cacheCreation1hInputTokens: 2000,
      cacheReadInputTokens: 50,
      messages: 3,
    });
    expect(Object.keys(r.byModel).sort()).toEqual(['claude-haiku-4-5', 'claude-opus-4-5', 'claude-sonnet-4-5']);
    expect(r.byModel['claude-opus-4-5']).toMatchObject({ inputTokens: 1000, messages: 1 });
  });

  it('splits by turn along parentUuid and marks completed turns', () => {
    const r = computeUsage(session());
    expect(r.byTurn.map((t) => [t.promptId, t.prompt, t.messages, t.inputTokens, t.completed, t.durationMs])).toEqual([
      ['p1', 'first', 2, 1010, true, 1500],
      ['p2', 'second', 1, 0, false, null],
    ]);
    expect(r.unattributed.messages).toBe(0);
  });

  it('prices by family and marks the cost as an estimate', () => {
    const r = computeUsage(session());
    expect(r.estimate).toBe(true);
    const opus = (1000 * 5 + 200 * 25 + 100 * 6.25 + 50 * 0.5) / 1e6;
    const sonnet = (10 * 3 + 5 * 15) / 1e6;
    const haiku = (2000 * 2) / 1e6; // 1-hour cache writes at 2 × input
    expect(r.byModel['claude-opus-4-5']!.costUsd).toBeCloseTo(opus, 12);
    expect(r.total.costUsd).toBeCloseTo(opus + sonnet + haiku, 12);
    expect(r.unpricedModels).toEqual([]);
  });

  it('lists models it cannot price', () => {
    const r = computeUsage(block('z', 'p', 'mz', 'gpt-5', u(1, 1), { type: 'text', text: 'hi' }));
    expect(r.unpricedModels).toEqual(['gpt-5']);
    expect(r.total.costUsd).toBe(0);
    expect(r.unattributed.messages).toBe(1);
  });

  it('knows the families and their older, dearer generations', () => {
    expect(priceFor('claude-opus-4-1-20250805')?.family).toBe('opus-4.1');
    expect(priceFor('claude-opus-4-20250514')?.family).toBe('opus-4.1');
    expect(priceFor('us.anthropic.claude-opus-4-5-20251101-v1:0')?.family).toBe('opus');
    expect(priceFor('claude-opus-4-8')?.family).toBe('opus');
    expect(priceFor('claude-sonnet-4-5@20250929')?.family).toBe('sonnet');
    expect(priceFor('claude-3-5-haiku-20241022')?.family).toBe('haiku-3.5');
    expect(priceFor('claude-haiku-4-5')?.family).toBe('haiku');
    expect(priceFor('<synthetic>')).toBeNull();
    expect(
      costOf(
        {
          inputTokens: 1e6,
          outputTokens: 0,
          cacheCreationInputTokens: 0,
          cacheCreation1hInputTokens: 0,
          cacheReadInputTokens: 0,
        },
        PRICE_TABLE[2]!.price,
      ),
    ).toBe(3);
  });
});

describe('summarize', () => {
  it('condenses the last messages and counts tools, errors and turns', () => {
    const s = summarize(session(), { lastN: 3, maxChars: 12 });
    expect(s).toMatchObject({
      sessionId: 's',
      prompts: 2,
      turnsCompleted: 1,
      apiErrors: 1,
      interruptions: 0,
      compactions: 0,
    });
    expect(s.tools).toEqual({ Bash: { uses: 1, errors: 1 } });
    expect(s.lastAssistantText).toBe('last words');
    expect(s.lastMessages.map((m) => [m.id, m.kind, m.text, m.isError])).toEqual(
      [
        ['p2', 'user_prompt', 'second', false],
        ['a4', 'assistant_text', 'last words', false],
        ['x', 'api_error', 'API Error: 500', true],
      ].map(([id, kind, text, err]) => [
        id,
        kind,
        (text as string).length > 12 ? `${(text as string).slice(0, 11)}…` : text,
        err,
      ]),
    );
    expect(s.usage.total.messages).toBe(3);
  });
});
