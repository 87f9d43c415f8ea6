import type { TranscriptEntry } from '@aegis/transcript';
import { describe, expect, it } from 'vitest';
import { sessionDriver, turnOutcome } from './session-driver.js';

const e = (kind: string, extra: Record<string, unknown> = {}) =>
  ({ kind, isMeta: false, withToolResult: false, ...extra }) as unknown as TranscriptEntry;

describe('turnOutcome', () => {
  it('is ended only with a turn_duration record after the last prompt, and answers with the last text', () => {
    expect(turnOutcome([])).toEqual({ kind: 'working' });
    expect(turnOutcome([e('user_prompt'), e('assistant_text', { text: 'partial' })])).toEqual({ kind: 'working' });
    expect(
      turnOutcome([
        e('user_prompt'),
        e('assistant_text', { text: 'one' }),
        e('assistant_text', { text: 'two' }),
        e('turn_end'),
      ]),
    ).toEqual({ kind: 'turn_ended', lastMessage: 'two' });
  });

  it('ignores an earlier turn and tool-result user records', () => {
    const entries = [
      e('user_prompt'),
      e('assistant_text', { text: 'old' }),
      e('turn_end'),
      e('user_prompt'),
      e('user_prompt', { withToolResult: true }),
    ];
    expect(turnOutcome(entries)).toEqual({ kind: 'working' });
  });

  it('a turn whose last word is an API error failed', () => {
    expect(turnOutcome([e('user_prompt'), e('api_error'), e('turn_end')])).toMatchObject({ kind: 'failed' });
    expect(
      turnOutcome([e('user_prompt'), e('api_error'), e('assistant_text', { text: 'recovered' }), e('turn_end')]),
    ).toEqual({ kind: 'turn_ended', lastMessage: 'recovered' });
  });
});

describe('sessionDriver', () => {
  const idle = { kind: 'idle', evidence: [] };
  function fakeSessions(delivery: { delivered: boolean; unknown: boolean }, entries: TranscriptEntry[]) {
    const info = {
      id: 's1',
      name: 'p-1-a',
      endedAt: null,
      endReason: null,
      exitCode: null,
      state: idle,
      status: 'idle',
      queueLength: 0,
    };
    return {
      create: async () => ({ session: info, reused: false, prompt: { id: 'm1', position: 0 } }),
      get: () => info,
      list: () => [info],
      transcript: async () => ({ entries, hasMoreBefore: false, hasMoreAfter: false }),
      interrupt: async () => ({}),
      kill: async () => undefined,
      waitForDelivery: async () => ({ ...delivery, attempts: 3, confirmedBy: null }),
    } as unknown as Parameters<typeof sessionDriver>[0];
  }
  const launch = { pipelineId: 'p', stage: 'a', attempt: 1, workDir: '/w', prompt: 'go', sessionName: 'p-1-a' };

  it('an undelivered prompt fails the attempt instead of waiting for the timeout', async () => {
    const d = sessionDriver(fakeSessions({ delivered: false, unknown: true }, []));
    const id = await d.start(launch);
    await new Promise((r) => setImmediate(r));
    expect(await d.observe(id)).toEqual({
      kind: 'failed',
      reason: 'the prompt was not delivered: typed but its submission was never confirmed',
    });
  });

  it('an unconfirmed prompt that did reach the transcript is followed as usual', async () => {
    const d = sessionDriver(
      fakeSessions({ delivered: false, unknown: true }, [
        e('user_prompt'),
        e('assistant_text', { text: 'ok' }),
        e('turn_end'),
      ]),
    );
    const id = await d.start(launch);
    await new Promise((r) => setImmediate(r));
    expect(await d.observe(id)).toEqual({ kind: 'turn_ended', lastMessage: 'ok' });
    expect(await d.find('p-1-a')).toBe('s1');
  });
});
