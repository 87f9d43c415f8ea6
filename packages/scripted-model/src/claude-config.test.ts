import { readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeEnv, createClaudeConfigDir, DEFAULT_API_KEY } from './claude-config.js';
import { tempDir } from './temp-dir.js';

describe('createClaudeConfigDir', () => {
  it('writes a .claude.json past onboarding, key approved, folders trusted by real path', async () => {
    const work = await tempDir('aegis-work-');
    const link = join(await tempDir('aegis-link-'), 'work');
    await symlink(work, link);
    const dir = await createClaudeConfigDir({
      apiKey: 'sk-ant-abcdefghijklmnopqrstuvwxyz',
      trustedDirs: [link],
      version: '2.1.197',
    });
    const config = JSON.parse(await readFile(join(dir, '.claude.json'), 'utf8'));
    expect(config).toEqual({
      hasCompletedOnboarding: true,
      lastOnboardingVersion: '2.1.197',
      customApiKeyResponses: { approved: ['ghijklmnopqrstuvwxyz'], rejected: [] },
      projects: { [work]: { hasTrustDialogAccepted: true } },
    });
  });

  it('defaults to the default key', async () => {
    const config = JSON.parse(
      await readFile(join(await createClaudeConfigDir({ version: '2.1.332' }), '.claude.json'), 'utf8'),
    );
    expect(config.customApiKeyResponses.approved).toEqual([DEFAULT_API_KEY.slice(-20)]);
    expect(config.lastOnboardingVersion).toBe('2.1.332');
  });
});

describe('claudeEnv', () => {
  it('points Claude Code at the fake model with a quiet, offline setup', () => {
    const env = claudeEnv({ modelUrl: 'http://127.0.0.1:1234', configDir: '/tmp/cfg' });
    expect(env).toMatchObject({
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:1234',
      ANTHROPIC_API_KEY: DEFAULT_API_KEY,
      CLAUDE_CONFIG_DIR: '/tmp/cfg',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      TERM: 'xterm-256color',
    });
    expect(env.IS_SANDBOX).toBeUndefined();
    expect(claudeEnv({ modelUrl: 'u', configDir: 'c', sandbox: true }).IS_SANDBOX).toBe('1');
  });
});
