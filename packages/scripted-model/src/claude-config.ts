/** An isolated CLAUDE_CONFIG_DIR and the environment for an offline, quiet Claude Code run. */
import { realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

export const DEFAULT_API_KEY = 'sk-ant-test-aegis-0000000000';

export interface ClaudeConfigOptions {
  /** The key Claude Code will see in ANTHROPIC_API_KEY; pre-approved so no "custom API key" question shows. */
  apiKey?: string;
  /** Folders whose trust dialog is pre-accepted (stored by real path). */
  trustedDirs?: string[];
  /** Recorded as `lastOnboardingVersion`: the Claude Code version that will run (`claude --version`). */
  version: string;
}

/**
 * Makes a temp config dir with `.claude.json` past onboarding, the API key approved and the given folders trusted.
 * Returns its real path (use as CLAUDE_CONFIG_DIR).
 */
export async function createClaudeConfigDir(options: ClaudeConfigOptions): Promise<string> {
  const dir = await tempDir('aegis-claude-config-');
  const key = options.apiKey ?? DEFAULT_API_KEY;
  const projects: Record<string, { hasTrustDialogAccepted: true }> = {};
  for (const d of options.trustedDirs ?? []) projects[await realpath(d)] = { hasTrustDialogAccepted: true };
  const config = {
    hasCompletedOnboarding: true,
    lastOnboardingVersion: options.version,
    customApiKeyResponses: { approved: [key.slice(-20)], rejected: [] },
    projects,
  };
  await writeFile(join(dir, '.claude.json'), JSON.stringify(config, null, 2) + '\n');
  return dir;
}

export interface ClaudeEnvOptions {
  /** The fake model's url (ANTHROPIC_BASE_URL). */
  modelUrl: string;
  configDir: string;
  apiKey?: string;
  /** Sets IS_SANDBOX=1 (needed for bypassPermissions as root). */
  sandbox?: boolean;
}

/**
 * Environment variables for a quiet, offline Claude Code talking to the fake model. Merge over a base environment
 * (PATH, HOME, …) yourself: `{ ...process.env, ...claudeEnv(…) }`.
 */
export function claudeEnv(options: ClaudeEnvOptions): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: options.modelUrl,
    ANTHROPIC_API_KEY: options.apiKey ?? DEFAULT_API_KEY,
    CLAUDE_CONFIG_DIR: options.configDir,
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
    TERM: 'xterm-256color',
    ...(options.sandbox ? { IS_SANDBOX: '1' } : {}),
  };
}
