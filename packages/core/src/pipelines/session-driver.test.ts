import type { TranscriptEntry } from '@aegis/transcript';
import { describe, expect, it } from 'vitest';
import { turnOutcome } from './session-driver.js';

const e = (kind: string, extra: Record<string, unknown> = {}) => ({ kind, isMeta: false, withToolResult: false, ...extra }) as unknown as TranscriptEntry;

describe('turnOutcome', () => {
  it('is ended only with a turn_duration record after the last prompt, and answers with the last text', () => {
    expect(turnOutcome([])).toEqual({ kind: 'working' });
    expect(turnOutcome([e('user_prompt'), e('assistant_text', { text: 'partial' })])).toEqual({ kind: 'working' });
    expect(turnOutcome([e('user_prompt'), e('assistant_text', { text: 'one' }), e('assistant_text', { text: 'two' }), e('turn_end')])).toEqual({ kind: 'turn_ended', lastMessage: 'two' });
  });

  it('ignores an earlier turn and tool-result user records', () => {
    const entries = [e('user_prompt'), e('assistant_text', { text: 'old' }), e('turn_end'), e('user_prompt'), e('user_prompt', { withToolResult: true })];
    expect(turnOutcome(entries)).toEqual({ kind: 'working' });
  });

  it('a turn whose last word is an API error failed', () => {
    expect(turnOutcome([e('user_prompt'), e('api_error'), e('turn_end')])).toMatchObject({ kind: 'failed' });
    expect(turnOutcome([e('user_prompt'), e('api_error'), e('assistant_text', { text: 'recovered' }), e('turn_end')])).toEqual({ kind: 'turn_ended', lastMessage: 'recovered' });
  });
});
