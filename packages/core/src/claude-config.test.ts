import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeConfigFile, preTrust } from './claude-config.js';
import { nodeFileSystem } from './io.js';
import { tempDir } from './testing/fake-manager.js';

describe('preTrust', () => {
  it('sets only projects[realpath].hasTrustDialogAccepted, keeps every other key, writes 0600', async () => {
    const { dir, cleanup } = await tempDir();
    const file = join(dir, '.claude.json');
    await writeFile(
      file,
      JSON.stringify({
        hasCompletedOnboarding: true,
        other: { a: 1 },
        projects: { '/w': { allowedTools: ['x'] }, '/z': { q: 1 } },
      }),
    );
    expect(await preTrust(nodeFileSystem, file, '/w')).toBe('written');
    const after = JSON.parse(await readFile(file, 'utf8'));
    expect(after).toEqual({
      hasCompletedOnboarding: true,
      other: { a: 1 },
      projects: { '/w': { allowedTools: ['x'], hasTrustDialogAccepted: true }, '/z': { q: 1 } },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await preTrust(nodeFileSystem, file, '/w')).toBe('already');
    await cleanup();
  });

  it('leaves a missing config alone', async () => {
    const { dir, cleanup } = await tempDir();
    expect(await preTrust(nodeFileSystem, join(dir, 'none.json'), '/w')).toBe('no-config');
    await cleanup();
  });

  it('finds the config file like Claude Code', () => {
    expect(claudeConfigFile({ CLAUDE_CONFIG_DIR: '/c' })).toBe('/c/.claude.json');
    expect(claudeConfigFile({ HOME: '/h' })).toBe('/h/.claude.json');
  });
});
