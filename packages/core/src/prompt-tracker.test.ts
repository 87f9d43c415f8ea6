import { describe, expect, it } from 'vitest';
import type { SessionState } from '@aegis/state';
import { PromptTracker } from './prompt-tracker.js';

const perm = (command: string): SessionState => ({
  kind: 'permission_prompt',
  command,
  evidence: [],
  options: [{ id: 'yes', key: '1', label: 'Yes', kind: 'allow' }],
});

describe('PromptTracker (exactly-once answers)', () => {
  it('a second answer of the same prompt is ALREADY_ANSWERED', () => {
    let n = 0;
    const t = new PromptTracker(() => `p${++n}`);
    const { prompt } = t.observe(perm('ls'));
    expect(t.claim().id).toBe(prompt.id);
    expect(() => t.claim()).toThrow(expect.objectContaining({ code: 'ALREADY_ANSWERED' }));
    expect(() => t.claim(prompt.id)).toThrow(expect.objectContaining({ code: 'ALREADY_ANSWERED' }));
  });

  it('an answer for an earlier prompt never lands in the next one', () => {
    let n = 0;
    const t = new PromptTracker(() => `p${++n}`);
    const first = t.observe(perm('ls')).prompt;
    t.claim(first.id);
    t.closed();
    const second = t.observe(perm('rm x')).prompt;
    expect(second.id).not.toBe(first.id);
    expect(() => t.claim(first.id)).toThrow(expect.objectContaining({ code: 'ALREADY_ANSWERED' }));
    expect(t.claim(second.id).id).toBe(second.id);
  });

  it('NOT_IN_DIALOG without an open prompt; the same dialog seen again keeps its id', () => {
    const t = new PromptTracker(() => 'p');
    expect(() => t.claim()).toThrow(expect.objectContaining({ code: 'NOT_IN_DIALOG' }));
    const a = t.observe(perm('ls'));
    const b = t.observe(perm('ls'));
    expect(a.isNew).toBe(true);
    expect(b.isNew).toBe(false);
  });

  it('a released claim can be answered again; closing replies "no opinion" to a held hook', () => {
    const t = new PromptTracker(() => 'p');
    const { prompt } = t.observe(perm('ls'));
    const replies: unknown[] = [];
    prompt.hook = { toolName: 'Bash', toolInput: {}, reply: (b) => replies.push(b) };
    t.release(t.claim());
    expect(t.claim().id).toBe('p');
    t.closed();
    expect(replies).toEqual([{}]);
  });
});
