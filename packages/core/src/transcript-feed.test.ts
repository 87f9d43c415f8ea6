import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '@aegis/transcript';
import { entryToSignal } from './transcript-feed.js';

const base = {
  id: 'e',
  uuid: 'u',
  blockIndex: 0,
  parentUuid: null,
  timestamp: '2026-01-01T00:00:00.000Z',
  sessionId: 's',
  isSidechain: false,
  agentId: null,
  offset: 0,
};

describe('entryToSignal', () => {
  it('maps user prompts (not meta, not tool-result riders), turn ends and tool calls', () => {
    const at = Date.parse(base.timestamp);
    const prompt = {
      ...base,
      kind: 'user_prompt',
      role: 'user',
      text: 'hi',
      source: 'queued',
      permissionMode: null,
      promptId: null,
      isMeta: false,
      withToolResult: false,
    } as TranscriptEntry;
    expect(entryToSignal(prompt, 0)).toEqual({ kind: 'user_prompt', at, text: 'hi', queued: true });
    expect(entryToSignal({ ...prompt, isMeta: true } as TranscriptEntry, 0)).toBeUndefined();
    expect(
      entryToSignal(
        { ...base, kind: 'turn_end', role: 'system', durationMs: 5, messageCount: 2 } as TranscriptEntry,
        0,
      ),
    ).toEqual({ kind: 'turn_completed', at, durationMs: 5 });
    expect(
      entryToSignal(
        {
          ...base,
          timestamp: null,
          kind: 'interrupted',
          role: 'user',
          text: '',
          forToolUse: true,
          interruptedMessageId: null,
        } as TranscriptEntry,
        7,
      ),
    ).toEqual({
      kind: 'interrupted',
      at: 7,
      forToolUse: true,
    });
  });
});
