import { homedir } from 'node:os';
import { join } from 'node:path';
import { isNotFound, type FileSystem } from './io.js';

/** Where Claude Code keeps `.claude.json`: inside `$CLAUDE_CONFIG_DIR` when set, else `~/.claude.json`. */
export function claudeConfigFile(env: Record<string, string | undefined>, home: string = homedir()): string {
  const dir = env.CLAUDE_CONFIG_DIR;
  return dir ? join(dir, '.claude.json') : join(env.HOME ?? home, '.claude.json');
}

/** `$CLAUDE_CONFIG_DIR`, else `~/.claude` (where `sessions/` and `projects/` live). */
export function claudeConfigDir(env: Record<string, string | undefined>, home: string = homedir()): string {
  return env.CLAUDE_CONFIG_DIR ?? join(env.HOME ?? home, '.claude');
}

export type PreTrustResult = 'written' | 'already' | 'no-config';

/**
 * Marks `realDir` trusted (`projects[realDir].hasTrustDialogAccepted = true`). Claude Code rewrites this file itself,
 * so it is re-read right before the write, only that one key is touched, and the write is atomic (temp + rename).
 * A missing or unreadable file is left alone (the gate answerer handles the dialog then).
 */
export async function preTrust(fs: FileSystem, configFile: string, realDir: string): Promise<PreTrustResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    let text: string;
    try {
      text = await fs.readFile(configFile);
    } catch (e) {
      if (isNotFound(e)) return 'no-config';
      throw e;
    }
    let config: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'no-config';
      config = parsed as Record<string, unknown>;
    } catch {
      continue; // caught Claude mid-write; read again
    }
    const projects = (typeof config.projects === 'object' && config.projects !== null ? config.projects : {}) as Record<
      string,
      unknown
    >;
    const entry = (
      typeof projects[realDir] === 'object' && projects[realDir] !== null ? projects[realDir] : {}
    ) as Record<string, unknown>;
    if (entry.hasTrustDialogAccepted === true) return 'already';
    const next = { ...config, projects: { ...projects, [realDir]: { ...entry, hasTrustDialogAccepted: true } } };
    // Re-check right before the write: if Claude changed the file meanwhile, merge into its version instead.
    if ((await fs.readFile(configFile)) !== text) continue;
    await fs.writeFileAtomic(configFile, JSON.stringify(next, null, 2) + '\n', 0o600);
    return 'written';
  }
  return 'no-config';
}
