/** `pnpm --filter @aegis/testkit install-claude`: installs every pinned Claude Code version into the cache. */
import { execFileSync } from 'node:child_process';
import { defaultClaudeCacheDir, installClaude } from '../install.js';
import { CLAUDE_VERSIONS } from '../versions.js';

const cacheDir = defaultClaudeCacheDir();
console.log(`Claude Code cache: ${cacheDir}`);
let failed = false;
for (const version of CLAUDE_VERSIONS) {
  try {
    const bin = await installClaude(version, { cacheDir });
    const printed = execFileSync(bin, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, DISABLE_AUTOUPDATER: '1' },
    }).trim();
    console.log(`${version}: ${bin}\n  --version: ${printed}`);
  } catch (err) {
    failed = true;
    console.error(`${version}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exitCode = failed ? 1 : 0;
