import { describe, expect, it } from 'vitest';
import { parseLine, parseRecord } from './parse.js';
import type { TranscriptEntry } from './types.js';

const env = {
  parentUuid: 'p0',
  isSidechain: false,
  sessionId: 's1',
  timestamp: '2026-11-24T13:55:35.936Z',
  userType: 'external',
  cwd: '/x',
};
const usage = {
  input_tokens: 100,
  output_tokens: 20,
  cache_creation_input_tokens: 5,
  cache_read_input_tokens: 7,
  cache_creation: { ephemeral_1h_input_tokens: 2, ephemeral_5m_input_tokens: 3 },
};

function one(record: unknown): TranscriptEntry {
  const out = parseRecord(record, { offset: 10 });
  expect(out).toHaveLength(1);
  return out![0]!;
}

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

  it('types interrupts, compaction summaries and local commands from user records', () => {
    expect(
      one({
        ...env,
        type: 'user',
        uuid: 'i',
        interruptedMessageId: 'msg_9',
        message: { role: 'user', content: [{ type: 'text', text: '[Request interrupted by user]' }] },
      }),
    ).toMatchObject({ kind: 'interrupted', forToolUse: false, interruptedMessageId: 'msg_9' });
    expect(
      one({
        ...env,
        type: 'user',
        uuid: 'i2',
        message: { role: 'user', content: [{ type: 'text', text: '[Request interrupted by user for tool use]' }] },
      }),
    ).toMatchObject({ kind: 'interrupted', forToolUse: true });
    expect(
      one({
        ...env,
        type: 'user',
        uuid: 'c',
        isCompactSummary: true,
        isVisibleInTranscriptOnly: true,
        message: { role: 'user', content: 'This session is being continued…' },
      }),
    ).toMatchObject({ kind: 'compact_summary' });
    expect(
      one({
        ...env,
        type: 'user',
        uuid: 'k',
        message: {
          role: 'user',
          content:
            '<command-name>/compact</command-name>\n <command-message>compact</command-message>\n <command-args>keep it short</command-args>',
        },
      }),
    ).toMatchObject({
      kind: 'local_command',
      via: 'user',
      role: 'user',
      commandName: '/compact',
      commandArgs: 'keep it short',
      stdout: null,
    });
    expect(
      one({
        ...env,
        type: 'user',
        uuid: 'k2',
        isMeta: true,
        message: { role: 'user', content: '<local-command-caveat>Caveat: …</local-command-caveat>' },
      }),
    ).toMatchObject({ kind: 'local_command', isMeta: true });
    expect(
      one({
        ...env,
        type: 'user',
        uuid: 'img',
        message: {
          role: 'user',
          content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }],
        },
      }),
    ).toMatchObject({ kind: 'image', mediaType: 'image/png' });
  });

  it('types system records', () => {
    expect(
      one({
        ...env,
        type: 'system',
        subtype: 'turn_duration',
        uuid: 't',
        durationMs: 34,
        messageCount: 4,
        isMeta: false,
      }),
    ).toMatchObject({ kind: 'turn_end', durationMs: 34, messageCount: 4, role: 'system' });
    expect(
      one({
        ...env,
        parentUuid: null,
        type: 'system',
        subtype: 'compact_boundary',
        uuid: 'b',
        content: 'Conversation compacted',
        logicalParentUuid: 'old',
        compactMetadata: { trigger: 'manual', preTokens: 1234 },
      }),
    ).toMatchObject({
      kind: 'compact_boundary',
      trigger: 'manual',
      preTokens: 1234,
      logicalParentUuid: 'old',
      parentUuid: null,
    });
    expect(
      one({
        ...env,
        type: 'system',
        subtype: 'local_command',
        uuid: 'l',
        content: '<local-command-stdout>Help dialog dismissed</local-command-stdout>',
        level: 'info',
      }),
    ).toMatchObject({ kind: 'local_command', via: 'system', stdout: 'Help dialog dismissed' });
    expect(
      one({
        ...env,
        type: 'system',
        subtype: 'informational',
        uuid: 'n',
        content: 'Auto mode lets Claude…',
        level: 'notice',
      }),
    ).toMatchObject({ kind: 'informational', level: 'notice' });
    expect(
      one({
        ...env,
        type: 'system',
        subtype: 'stop_hook_summary',
        uuid: 'h',
        hookCount: 1,
        hookInfos: [{ command: 'x' }],
        hookErrors: [],
        preventedContinuation: false,
        stopReason: '',
        toolUseID: 't1',
      }),
    ).toMatchObject({ kind: 'stop_hook_summary', hookCount: 1, toolUseId: 't1' });
  });

  it('types bookkeeping records and gives them offset ids', () => {
    expect(
      one({ type: 'queue-operation', operation: 'enqueue', content: 'later', timestamp: 't', sessionId: 's' }),
    ).toMatchObject({
      kind: 'queue_operation',
      id: 'queue-operation@10',
      uuid: null,
      operation: 'enqueue',
      content: 'later',
    });
    expect(one({ type: 'permission-mode', permissionMode: 'plan', sessionId: 's' })).toMatchObject({
      kind: 'permission_mode',
      permissionMode: 'plan',
    });
    expect(one({ type: 'mode', mode: 'normal', sessionId: 's' })).toMatchObject({ kind: 'mode', mode: 'normal' });
    expect(one({ type: 'last-prompt', lastPrompt: 'hi', leafUuid: 'l', sessionId: 's' })).toMatchObject({
      kind: 'last_prompt',
      leafUuid: 'l',
    });
    expect(
      one({
        type: 'file-history-snapshot',
        messageId: 'm',
        snapshot: { trackedFileBackups: {} },
        isSnapshotUpdate: true,
      }),
    ).toMatchObject({ kind: 'file_snapshot', messageId: 'm', isSnapshotUpdate: true });
    expect(
      one({
        ...env,
        type: 'attachment',
        uuid: 'at',
        attachment: { type: 'hook_permission_decision', decision: 'deny', toolUseID: 't' },
      }),
    ).toMatchObject({
      kind: 'attachment',
      attachmentType: 'hook_permission_decision',
      attachment: { decision: 'deny' },
    });
    expect(
      one({
        ...env,
        type: 'progress',
        uuid: 'pg',
        toolUseID: 't',
        parentToolUseID: 'pt',
        data: { type: 'hook_progress' },
      }),
    ).toMatchObject({ kind: 'progress', dataType: 'hook_progress', toolUseId: 't', parentToolUseId: 'pt' });
    expect(one({ type: 'custom-title', customTitle: 'My session', sessionId: 's' })).toMatchObject({
      kind: 'session_meta',
      recordType: 'custom-title',
      data: { customTitle: 'My session' },
    });
  });

  it('keeps what it does not know as unknown with the raw JSON', () => {
    const raw = { ...env, type: 'hologram', uuid: 'h1', payload: [1, 2] };
    expect(one(raw)).toMatchObject({ kind: 'unknown', reason: 'record_type', recordType: 'hologram', raw, id: 'h1' });
    expect(one({ ...env, type: 'system', subtype: 'new_thing', uuid: 's1' })).toMatchObject({
      kind: 'unknown',
      reason: 'system_subtype',
      recordType: 'system/new_thing',
    });
    expect(
      one({ ...env, type: 'assistant', uuid: 'a', message: { content: [{ type: 'hologram_block', x: 1 }] } }),
    ).toMatchObject({
      kind: 'unknown',
      reason: 'content_block',
      recordType: 'assistant/hologram_block',
      raw: { type: 'hologram_block', x: 1 },
    });
    expect(one({ ...env, type: 'user', uuid: 'u' })).toMatchObject({ kind: 'unknown', reason: 'shape' });
    expect(one({ foo: 1 })).toMatchObject({ kind: 'unknown', reason: 'record_type', recordType: null });
  });

  it('never throws on odd values', () => {
    for (const v of [
      null,
      1,
      'x',
      [],
      { type: 'user', message: { content: [null, 3, 'x'] } },
      { type: 'assistant', message: { content: [null] } },
      { type: 'attachment', attachment: 'x' },
    ]) {
      expect(() => parseRecord(v)).not.toThrow();
    }
    expect(parseRecord(null)).toBeNull();
    expect(parseRecord([])).toBeNull();
  });
});

describe('parseLine', () => {
  it('returns null for malformed lines and [] for blank ones', () => {
    expect(parseLine('not json')).toBeNull();
    expect(parseLine('{"type": "user", ')).toBeNull();
    expect(parseLine('"string"')).toBeNull();
    expect(parseLine('   ')).toEqual([]);
    expect(parseLine('{"type":"mode","mode":"normal"}\r')).toHaveLength(1);
  });
});
