import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createClaudeConfigDir } from './claude-config.js';
import { CLAUDE_VERSIONS } from './versions.js';

it('createClaudeConfigDir records the newest pinned version unless told otherwise', async () => {
  const config = JSON.parse(await readFile(join(await createClaudeConfigDir(), '.claude.json'), 'utf8'));
  expect(config.lastOnboardingVersion).toBe(CLAUDE_VERSIONS.at(-1));
  const older = JSON.parse(
    await readFile(join(await createClaudeConfigDir({ version: '2.1.197' }), '.claude.json'), 'utf8'),
  );
  expect(older.lastOnboardingVersion).toBe('2.1.197');
});
