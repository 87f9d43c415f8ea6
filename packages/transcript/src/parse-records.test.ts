import { describe, expect, it } from 'vitest';
import { parseLine, parseRecord } from './parse.js';
import { env, one } from './testing/records.js';

describe('parseRecord: records beyond prompts and answers', () => {
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
