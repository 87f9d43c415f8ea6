import { describe, expect, it } from 'vitest';
import { parseRecord } from './parse.js';
import type { TranscriptEntry } from './types.js';
import { computeUsage } from './usage.js';

const env = {
  parentUuid: 'p0',
  isSidechain: false,
  sessionId: 's1',
  timestamp: '2026-11-24T23:34:31.483Z',
  version: '2.1.331',
};

function one(record: unknown, offset = 10): TranscriptEntry {
  const out = parseRecord(record, { offset });
  expect(out).toHaveLength(1);
  return out![0]!;
}

const costState = {
  type: 'cost-state',
  sessionId: 's1',
  totalCostUSD: 0.0345,
  totalAPIDuration: 12352,
  totalAPIDurationWithoutRetries: 12262,
  totalToolDuration: 8099,
  totalLinesAdded: 3,
  totalLinesRemoved: 1,
  totalDuration: 36558,
  startTime: 1795563268420,
  modelUsage: {
    'claude-opus-5-5': {
      inputTokens: 3007,
      outputTokens: 185,
      thinkingTokens: 0,
      cacheReadInputTokens: 94087,
      cacheCreationInputTokens: 10,
      cacheCreationEphemeral5mInputTokens: 6,
      cacheCreationEphemeral1hInputTokens: 4,
      webSearchRequests: 0,
      costUSD: 0.0345,
    },
  },
  hasUnknownModelCost: false,
};

describe('2.1.331 bookkeeping records', () => {
  it('types the three api-request records, none of them an assistant entry', () => {
    const req = one({
      type: 'api-request',
      sessionId: 's1',
      id: 'r2',
      base: 'r1',
      timestamp: 't',
      querySource: 'repl_main_thread',
      shapeHash: 'sh',
      params: { model: 'claude-opus-5-5' },
      keep: 2,
      tail: ['h1'],
      requestDigest: 'dg',
    });
    expect(req).toMatchObject({
      kind: 'api_request',
      part: 'request',
      id: 'api-request@10',
      uuid: null,
      role: 'system',
      requestRef: 'r2',
      baseRequestRef: 'r1',
      querySource: 'repl_main_thread',
      model: 'claude-opus-5-5',
      requestDigest: 'dg',
      shapeHash: 'sh',
    });
    expect(one({ type: 'api-request-shape', sessionId: 's1', shapeHash: 'sh', shape: { system: [] } })).toMatchObject({
      kind: 'api_request',
      part: 'shape',
      requestRef: null,
      shapeHash: 'sh',
    });
    const blob = one({
      type: 'api-request-blob',
      sessionId: 's1',
      hash: 'h1',
      message: {
        role: 'assistant',
        content: [{ type: 'text', text: 'x' }],
        usage: { input_tokens: 9, output_tokens: 9 },
      },
    });
    expect(blob).toMatchObject({ kind: 'api_request', part: 'blob', hash: 'h1' });
    expect('message' in blob).toBe(false);
    expect(computeUsage([req, blob]).total.messages).toBe(0);
  });

  it('types cost-state as cumulative figures and reports the last one without adding it to the sums', () => {
    const e = one(costState);
    expect(e).toMatchObject({
      kind: 'cost_state',
      totalCostUsd: 0.0345,
      totalApiDurationMs: 12352,
      totalDurationMs: 36558,
      linesAdded: 3,
      linesRemoved: 1,
      hasUnknownModelCost: false,
      modelUsage: {
        'claude-opus-5-5': {
          inputTokens: 3007,
          outputTokens: 185,
          cacheCreationInputTokens: 10,
          cacheCreation1hInputTokens: 4,
          cacheReadInputTokens: 94087,
          costUsd: 0.0345,
        },
      },
    });
    const later = one({ ...costState, totalCostUSD: 0.05 }, 99);
    const u = computeUsage([e, later]);
    expect(u.total.inputTokens).toBe(0);
    expect(u.reported).toEqual({
      entryId: 'cost-state@99',
      totalCostUsd: 0.05,
      byModel: (later as { modelUsage: unknown }).modelUsage,
    });
    expect(computeUsage([]).reported).toBeNull();
  });

  it('types tools-used, file-history-delta and the new metadata records', () => {
    expect(one({ type: 'tools-used', tools: ['Bash', 3], sessionId: 's1' })).toMatchObject({
      kind: 'tools_used',
      tools: ['Bash'],
    });
    expect(
      one({
        type: 'file-history-delta',
        messageId: 'm2',
        snapshotMessageId: 'm1',
        trackingPath: 'hello.txt',
        backup: { backupFileName: null, version: 1 },
      }),
    ).toMatchObject({
      kind: 'file_history_delta',
      messageId: 'm2',
      snapshotMessageId: 'm1',
      trackingPath: 'hello.txt',
      backup: { version: 1 },
    });
    expect(one({ type: 'atis-latch', atis: '', sessionId: 's1' })).toMatchObject({
      kind: 'session_meta',
      recordType: 'atis-latch',
    });
    expect(one({ type: 'ai-title', aiTitle: 'Plan a file', sessionId: 's1' })).toMatchObject({
      kind: 'session_meta',
      recordType: 'ai-title',
      data: { aiTitle: 'Plan a file' },
    });
    expect(one({ type: 'agent-name', agentName: 'work-3f', sessionId: 's1' })).toMatchObject({
      kind: 'session_meta',
      recordType: 'agent-name',
    });
  });

  it('types a stream aborted mid-way (real model, isAbortedMidStream) as a partial answer whose usage counts', () => {
    const e = one({
      ...env,
      type: 'assistant',
      uuid: 'a',
      requestId: 'req1',
      isAbortedMidStream: true,
      message: {
        id: 'msg1',
        model: 'claude-opus-5-5',
        stop_reason: null,
        content: [{ type: 'text', text: 'word0 word1 ' }],
        usage: { input_tokens: 33, output_tokens: 1 },
      },
    });
    expect(e).toMatchObject({
      kind: 'partial_answer',
      text: 'word0 word1 ',
      message: { model: 'claude-opus-5-5', stopReason: null },
    });
    expect(computeUsage([e]).total).toMatchObject({ inputTokens: 33, outputTokens: 1, messages: 1 });
  });

  it('reads the API error type and whether it is transient', () => {
    const synthetic = {
      id: 'x',
      model: '<synthetic>',
      content: [{ type: 'text', text: 'API Error: Request rejected (429)' }],
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    expect(
      one({
        ...env,
        type: 'assistant',
        uuid: 'e',
        message: synthetic,
        isApiErrorMessage: true,
        error: 'rate_limit',
        apiErrorStatus: 429,
        apiErrorType: 'rate_limit_error',
        apiErrorIsTransient: false,
      }),
    ).toMatchObject({
      kind: 'api_error',
      status: 429,
      error: 'rate_limit',
      errorType: 'rate_limit_error',
      transient: false,
    });
    expect(
      one({ ...env, type: 'assistant', uuid: 'e2', message: synthetic, isApiErrorMessage: true, apiErrorStatus: 500 }),
    ).toMatchObject({ kind: 'api_error', errorType: null, transient: null });
  });
});
