import { describe, expect, it } from 'vitest';
import { parseRecord } from './parse.js';
import { env, one, usage } from './testing/records.js';

describe('parseRecord', () => {
  it('types a typed prompt', () => {
    const e = one({
      ...env,
      type: 'user',
      uuid: 'u1',
      promptId: 'pr1',
      permissionMode: 'default',
      promptSource: 'typed',
      message: { role: 'user', content: 'say hello' },
    });
    expect(e).toMatchObject({
      kind: 'user_prompt',
      id: 'u1',
      uuid: 'u1',
      parentUuid: 'p0',
      role: 'user',
      text: 'say hello',
      source: 'typed',
      promptId: 'pr1',
      isMeta: false,
      withToolResult: false,
      sessionId: 's1',
      offset: 10,
    });
  });

  it('types assistant text with its message info and normalised usage', () => {
    const e = one({
      ...env,
      type: 'assistant',
      uuid: 'a1',
      requestId: 'req1',
      message: {
        id: 'msg1',
        model: 'claude-opus-4-8',
        stop_reason: 'end_turn',
        content: [{ type: 'text', text: 'Hi' }],
        usage,
      },
    });
    expect(e).toMatchObject({
      kind: 'assistant_text',
      role: 'assistant',
      text: 'Hi',
      message: {
        messageId: 'msg1',
        requestId: 'req1',
        model: 'claude-opus-4-8',
        stopReason: 'end_turn',
        usage: {
          inputTokens: 100,
          outputTokens: 20,
          cacheCreationInputTokens: 5,
          cacheCreation1hInputTokens: 2,
          cacheReadInputTokens: 7,
        },
      },
    });
  });

  it('gives each block of a multi-block record its own entry and a stable id', () => {
    const out = parseRecord({
      ...env,
      type: 'assistant',
      uuid: 'a1',
      message: {
        id: 'm',
        model: 'claude-sonnet-4-5',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'sig' },
          { type: 'redacted_thinking', data: 'xx' },
          { type: 'text', text: 'Running it' },
          { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
          { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: { query: 'q' } },
          {
            type: 'web_search_tool_result',
            tool_use_id: 'srv_1',
            content: { type: 'web_search_tool_result_error', error_code: 'x' },
          },
        ],
      },
    })!;
    expect(out.map((e) => [e.id, e.kind, e.blockIndex])).toEqual([
      ['a1', 'thinking', 0],
      ['a1:1', 'thinking', 1],
      ['a1:2', 'assistant_text', 2],
      ['a1:3', 'tool_use', 3],
      ['a1:4', 'tool_use', 4],
      ['a1:5', 'tool_result', 5],
    ]);
    expect(out[0]).toMatchObject({ text: 'hmm', redacted: false });
    expect(out[1]).toMatchObject({ text: '', redacted: true });
    expect(out[3]).toMatchObject({ name: 'Bash', toolUseId: 'toolu_1', input: { command: 'ls' }, server: false });
    expect(out[4]).toMatchObject({ server: true });
    expect(out[5]).toMatchObject({ role: 'tool', toolUseId: 'srv_1', isError: true, server: true });
  });

  it('keeps tool results whole, with is_error and the structured toolUseResult', () => {
    const big = 'x'.repeat(100_000);
    const out = parseRecord({
      ...env,
      type: 'user',
      uuid: 'u2',
      sourceToolAssistantUUID: 'a1',
      toolUseResult: { stdout: big, stderr: '', interrupted: false },
      message: {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: big, is_error: true },
          { type: 'text', text: 'and then stop' },
        ],
      },
    })!;
    expect(out[0]).toMatchObject({
      kind: 'tool_result',
      role: 'tool',
      toolUseId: 'toolu_1',
      isError: true,
      sourceToolAssistantUuid: 'a1',
    });
    expect(out[0]!.kind === 'tool_result' && out[0]!.text.length).toBe(100_000);
    expect(out[0]!.kind === 'tool_result' && (out[0]!.toolUseResult as { stdout: string }).stdout).toBe(big);
    expect(out[1]).toMatchObject({ kind: 'user_prompt', id: 'u2:1', text: 'and then stop', withToolResult: true });
  });

  it('joins the text of block-array tool results', () => {
    const e = one({
      ...env,
      type: 'user',
      uuid: 'u',
      message: {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 't',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
      },
    });
    expect(e).toMatchObject({
      kind: 'tool_result',
      text: 'a\nb',
      isError: false,
      content: [
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ],
    });
  });

  it('separates API errors and interrupted partial answers (model <synthetic>)', () => {
    const synthetic = {
      id: 'x',
      model: '<synthetic>',
      content: [{ type: 'text', text: 'API Error: 500 Internal server error.' }],
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    expect(
      one({
        ...env,
        type: 'assistant',
        uuid: 'e',
        message: synthetic,
        isApiErrorMessage: true,
        error: 'server_error',
        apiErrorStatus: 500,
      }),
    ).toMatchObject({ kind: 'api_error', status: 500, error: 'server_error', role: 'assistant' });
    expect(
      one({
        ...env,
        type: 'assistant',
        uuid: 'p',
        message: { ...synthetic, content: [{ type: 'text', text: 'word0 word1 ' }] },
        isApiErrorMessage: false,
      }),
    ).toMatchObject({ kind: 'partial_answer', text: 'word0 word1 ' });
  });
});
