import { describe, expect, it } from 'vitest';
import type { SessionRecord } from './record.js';
import { pickReusable, type ReuseCandidate } from './reuse.js';

const rec = (id: string, over: Partial<SessionRecord> = {}): SessionRecord =>
  ({
    id,
    workDir: '/w',
    owner: null,
    permissionMode: 'default',
    model: null,
    lastActivity: 1,
    endedAt: null,
    ...over,
  }) as SessionRecord;
const cand = (r: SessionRecord, over: Partial<ReuseCandidate> = {}): ReuseCandidate => ({
  record: r,
  status: 'idle',
  busy: false,
  reserved: false,
  ...over,
});
const req = { workDir: '/w', owner: null, permissionMode: 'default' };

describe('pickReusable', () => {
  it('reuses only an idle session of the same folder, owner and mode; newest activity first', () => {
    const list = [
      cand(rec('old', { lastActivity: 1 })),
      cand(rec('new', { lastActivity: 5 })),
      cand(rec('working', { lastActivity: 9 }), { status: 'working' }),
      cand(rec('perm', { lastActivity: 9 }), { status: 'permission_prompt' }),
      cand(rec('queued', { lastActivity: 9 }), { busy: true }),
      cand(rec('taken', { lastActivity: 9 }), { reserved: true }),
      cand(rec('other-dir', { lastActivity: 9, workDir: '/x' })),
      cand(rec('other-owner', { lastActivity: 9, owner: 'bob' })),
      cand(rec('plan', { lastActivity: 9, permissionMode: 'plan' })),
      cand(rec('ended', { lastActivity: 9, endedAt: 3 })),
    ];
    expect(pickReusable(list, req)?.id).toBe('new');
    expect(pickReusable(list, { ...req, owner: 'bob' })?.id).toBe('other-owner');
  });

  it('never reuses for resume, new env, a different model or reuse:false', () => {
    const list = [cand(rec('a', { model: 'opus' }))];
    expect(pickReusable(list, { ...req, reuse: false })).toBeUndefined();
    expect(pickReusable(list, { ...req, resumeSessionId: 'x' })).toBeUndefined();
    expect(pickReusable(list, { ...req, env: { A: '1' } })).toBeUndefined();
    expect(pickReusable(list, { ...req, model: 'haiku' })).toBeUndefined();
    expect(pickReusable(list, { ...req, model: 'opus' })?.id).toBe('a');
  });

  it('never hands out a worktree session, and a create asking for a worktree reuses nothing', () => {
    const wt = { path: '/w', branch: 'aegis/a', baseRef: 'main', baseCommit: 'c', repo: '/r' };
    expect(pickReusable([cand(rec('isolated', { worktree: wt }))], req)).toBeUndefined();
    expect(pickReusable([cand(rec('plain'))], { ...req, isolation: 'worktree' })).toBeUndefined();
    expect(pickReusable([cand(rec('plain'))], { ...req, isolation: 'none' })?.id).toBe('plain');
  });
});
