import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeBinary, defaultClaudeCacheDir, installClaude } from './install.js';
import { tempDir } from '@aegis/scripted-model';

describe('claudeBinary', () => {
  it('tells how to install a missing version', async () => {
    const cacheDir = await tempDir('aegis-cache-');
    expect(() => claudeBinary('2.1.197', { cacheDir })).toThrow(/pnpm --filter @aegis\/testkit install-claude/);
    try {
      claudeBinary('2.1.197', { cacheDir });
    } catch (err) {
      expect(err).toMatchObject({ code: 'CLAUDE_NOT_INSTALLED' });
    }
  });

  it('returns the wrapper binary path when present', async () => {
    const cacheDir = await tempDir('aegis-cache-');
    const bin = join(cacheDir, '9.9.9', 'node_modules', '@anthropic-ai', 'claude-code', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'claude.exe'), '');
    expect(claudeBinary('9.9.9', { cacheDir })).toBe(join(bin, 'claude.exe'));
  });

  it('refuses anything but an exact version', async () => {
    await expect(installClaude('latest', { cacheDir: await tempDir('aegis-cache-') })).rejects.toMatchObject({
      code: 'CLAUDE_BAD_VERSION',
    });
    expect(() => claudeBinary('^2.1.0')).toThrow(/exact/);
  });

  it('honours AEGIS_CLAUDE_CACHE', () => {
    const saved = process.env.AEGIS_CLAUDE_CACHE;
    process.env.AEGIS_CLAUDE_CACHE = '/tmp/some-cache';
    try {
      expect(defaultClaudeCacheDir()).toBe('/tmp/some-cache');
    } finally {
      if (saved === undefined) delete process.env.AEGIS_CLAUDE_CACHE;
      else process.env.AEGIS_CLAUDE_CACHE = saved;
    }
  });
});
