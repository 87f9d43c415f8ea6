import { describe, expect, it } from 'vitest';
import type { Session } from './api.js';
import { waiting } from './live.js';

const s = (id: string, o: Partial<Session>): Session =>
  ({
    id,
    name: id,
    workDir: '/w',
    status: 'idle',
    endedAt: null,
    pendingPrompt: null,
    lastActivity: 0,
    createdAt: 0,
    queueLength: 0,
    usage: null,
    state: null,
    ...o,
  }) as Session;
const prompt = { id: 'p', kind: 'permission_prompt' as const, options: [], viaHook: true };

describe('waiting', () => {
  it('lists live sessions with an open prompt, newest first', () => {
    const list = [
      s('a', { pendingPrompt: prompt, lastActivity: 1 }),
      s('b', {}),
      s('c', { pendingPrompt: prompt, lastActivity: 5 }),
      s('d', { pendingPrompt: prompt, endedAt: 9 }),
    ];
    expect(waiting(list).map((x) => x.id)).toEqual(['c', 'a']);
  });
});
