import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, edgeVersions, packageRoot, readClaudeVersions } from './versions.js';

describe('CLAUDE_VERSIONS', () => {
  it('is read from claude-versions.json at the package root', () => {
    expect(CLAUDE_VERSIONS).toEqual(readClaudeVersions(join(packageRoot(), 'claude-versions.json')));
    expect(CLAUDE_VERSIONS).toContain('2.1.197');
    expect(CLAUDE_VERSIONS).toContain('2.1.331');
  });

  it('rejects a file that is not an array of versions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aegis-versions-'));
    writeFileSync(join(dir, 'v.json'), '["latest"]');
    expect(() => readClaudeVersions(join(dir, 'v.json'))).toThrow(/array of version strings/);
  });
});

describe('edgeVersions', () => {
  it('keeps the oldest and the newest pinned version, once', () => {
    expect(edgeVersions(['2.1.197', '2.1.331', '2.1.332'])).toEqual(['2.1.197', '2.1.332']);
    expect(edgeVersions(['2.1.332'])).toEqual(['2.1.332']);
  });
});
