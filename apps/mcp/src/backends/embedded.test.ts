import { parseConfig } from '@aegis/server';
import { describe, expect, it } from 'vitest';
import { embeddedOptionsFromConfig } from './embedded.js';

describe('embeddedOptionsFromConfig', () => {
  it("takes the state folder, Claude binary, tmux socket/session, shell mode and session defaults from the server's config", () => {
    const env = {
      AEGIS_STATE_DIR: '/s',
      AEGIS_CLAUDE_BIN: '/bin/claude',
      AEGIS_TMUX_SOCKET: 'sock',
      AEGIS_TMUX_SESSION: 'sess',
      AEGIS_STALL_THRESHOLD_MS: '60000',
    };
    const config = parseConfig({
      stateDir: '/s',
      claudeBin: '/bin/claude',
      tmuxSocket: 'sock',
      tmuxSession: 'sess',
      stallThresholdMs: 60_000,
    });
    expect(embeddedOptionsFromConfig(config, env)).toEqual({
      env,
      stateDir: '/s',
      claudeBin: '/bin/claude',
      tmuxSocket: 'sock',
      tmuxSession: 'sess',
      allowShellMode: false,
      manager: { defaultPermissionMode: 'default', stallThresholdMs: 60_000 },
    });
  });
});
