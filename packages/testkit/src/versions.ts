import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (the folder holding package.json), found by walking up from this module,
 * so it works from `src/` (tsx, vitest) and from `dist/` (built).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'claude-versions.json')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('@aegis/testkit: claude-versions.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Reads `claude-versions.json` (a JSON array of exact versions) from the package root. */
export function readClaudeVersions(file = join(packageRoot(), 'claude-versions.json')): readonly string[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    !parsed.every((v) => typeof v === 'string' && /^\d+\.\d+\.\d+/.test(v))
  ) {
    throw new Error(`${file}: expected a non-empty JSON array of version strings`);
  }
  return Object.freeze([...(parsed as string[])]);
}

/**
 * The pinned Claude Code versions every real-CLI test runs against (read at load time, no rebuild needed).
 * `AEGIS_CLAUDE_VERSIONS=2.1.332` (comma list) narrows a local run to some of them; CI runs them all.
 */
export const CLAUDE_VERSIONS: readonly string[] = narrowed(readClaudeVersions(), process.env.AEGIS_CLAUDE_VERSIONS);

/**
 * The oldest and the newest of `CLAUDE_VERSIONS` (pinned oldest first; one when only one is left): for the slow e2e
 * suites (several servers, a database) where the versions in between add minutes but no coverage of their own.
 */
export const EDGE_CLAUDE_VERSIONS: readonly string[] = edgeVersions(CLAUDE_VERSIONS);

export function edgeVersions(versions: readonly string[]): readonly string[] {
  return Object.freeze([...new Set([versions[0]!, versions.at(-1)!])]);
}

function narrowed(pinned: readonly string[], only: string | undefined): readonly string[] {
  if (!only) return pinned;
  const wanted = only.split(',').map((v) => v.trim());
  const unknown = wanted.filter((v) => !pinned.includes(v));
  if (unknown.length > 0) throw new Error(`AEGIS_CLAUDE_VERSIONS names unpinned versions: ${unknown.join(', ')}`);
  return Object.freeze(pinned.filter((v) => wanted.includes(v)));
}
