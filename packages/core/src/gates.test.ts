import { describe, expect, it } from 'vitest';
import type { SessionState } from '@aegis/state';
import { gateDecision } from './gates.js';

const opt = (id: string, kind: 'allow' | 'deny' | 'allow_always' | 'other', key: string) => ({
  id,
  kind,
  key,
  label: id,
});

describe('gateDecision', () => {
  it('trusts the folder by option identity', () => {
    const s = {
      kind: 'trust_prompt',
      evidence: [],
      options: [opt('trust', 'allow', '1'), opt('exit', 'deny', '2')],
    } as SessionState;
    expect(gateDecision(s, 'default')).toBe('approve');
    expect(gateDecision({ ...s, options: [opt('exit', 'deny', '1')] } as SessionState, 'default')).toBeNull();
  });

  it('accepts the bypass disclaimer only when bypassPermissions was asked for', () => {
    const s = {
      kind: 'bypass_permissions_prompt',
      evidence: [],
      options: [opt('exit', 'deny', '1'), opt('accept', 'allow', '2')],
    } as SessionState;
    expect(gateDecision(s, 'bypassPermissions')).toBe('approve');
    expect(gateDecision(s, 'default')).toBeNull();
  });

  it('uses the API key from the environment; leaves other states alone', () => {
    const s = {
      kind: 'api_key_prompt',
      evidence: [],
      options: [opt('yes', 'allow', '1'), opt('no', 'deny', '2')],
    } as SessionState;
    expect(gateDecision(s, 'default')).toBe('approve');
    expect(gateDecision({ kind: 'idle', evidence: [] }, 'default')).toBeNull();
  });
});
