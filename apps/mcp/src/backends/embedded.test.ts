import { describe, expect, it } from 'vitest';
import { embeddedOptionsFromEnv } from './embedded.js';

describe('embeddedOptionsFromEnv', () => {
  it('reads the AEGIS_* variables and passes the environment through', () => {
    const env = { AEGIS_STATE_DIR: '/s', AEGIS_CLAUDE_BIN: '/bin/claude', AEGIS_TMUX_SOCKET: 'sock', AEGIS_TMUX_SESSION: 'sess', ANTHROPIC_BASE_URL: 'http://m' };
    expect(embeddedOptionsFromEnv(env)).toEqual({ env, stateDir: '/s', claudeBin: '/bin/claude', tmuxSocket: 'sock', tmuxSession: 'sess' });
    expect(embeddedOptionsFromEnv({ AEGIS_STATE_DIR: '' })).toEqual({ env: { AEGIS_STATE_DIR: '' } });
  });
});
