import { join } from 'node:path';
import type { PermissionMode } from '@aegis/state';
import { isTmuxError } from '@aegis/tmux';
import { AegisError, LaunchError } from './errors.js';
import { hookSettings } from './hook-settings.js';
import type { FileSystem } from './io.js';
import type { Terminal } from './terminal.js';

/** Prefixes and names of Aegis's own environment passed through to Claude Code. */
export const ENV_PASSTHROUGH_PREFIXES = [
  'ANTHROPIC_',
  'CLAUDE_',
  'DISABLE_',
  'AWS_',
  'GOOGLE_',
  'VERTEX_',
  'OTEL_',
  'LC_',
] as const;
export const ENV_PASSTHROUGH_NAMES = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'TERM',
  'TZ',
  'IS_SANDBOX',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'TMPDIR',
] as const;

/** The part of Aegis's environment that Claude Code needs. */
export function passthroughEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    if (
      (ENV_PASSTHROUGH_NAMES as readonly string[]).includes(k) ||
      ENV_PASSTHROUGH_PREFIXES.some((p) => k.startsWith(p))
    )
      out[k] = v;
  }
  return out;
}

export interface LaunchSpec {
  id: string;
  name: string;
  workDir: string;
  binary: string;
  claudeSessionId: string;
  resume: boolean;
  permissionMode: PermissionMode;
  model: string | null;
  env: Record<string, string>;
  hookUrl: string;
  hookSecret: string;
  settingsDir: string;
  width: number;
  height: number;
}

/** argv for Claude Code: never a shell string. */
export function claudeArgs(spec: LaunchSpec, settingsPath: string): string[] {
  return [
    spec.binary,
    ...(spec.resume ? ['--resume', spec.claudeSessionId] : ['--session-id', spec.claudeSessionId]),
    '--permission-mode',
    spec.permissionMode,
    '--settings',
    settingsPath,
    ...(spec.model ? ['--model', spec.model] : []),
  ];
}

/** Writes the hooks settings file (mode 0600, in the state dir) and starts Claude Code in a new tmux window. */
export async function launchClaude(terminal: Terminal, fs: FileSystem, spec: LaunchSpec) {
  const settingsPath = join(spec.settingsDir, settingsFileName(spec.id));
  await fs.mkdir(spec.settingsDir);
  await fs.writeFileAtomic(
    settingsPath,
    JSON.stringify(hookSettings({ url: spec.hookUrl, secret: spec.hookSecret })),
    0o600,
  );
  try {
    const win = await terminal.createWindow({
      name: spec.name,
      cwd: spec.workDir,
      env: spec.env,
      command: claudeArgs(spec, settingsPath),
      width: spec.width,
      height: spec.height,
    });
    return { ...win, settingsPath };
  } catch (e) {
    if (isTmuxError(e, 'TMUX_MISSING') || isTmuxError(e, 'SERVER_GONE') || isTmuxError(e, 'TIMEOUT')) {
      throw new AegisError('TMUX_UNAVAILABLE', `tmux is not available: ${(e as Error).message}`, {}, { cause: e });
    }
    throw new LaunchError('LAUNCH_FAILED', `could not start Claude Code: ${(e as Error).message}`, {}, { cause: e });
  }
}

const settingsFileName = (sessionId: string) => `${sessionId}.settings.json`;

/** Where a session's hook settings file lives: the state dir's `hooks/`, else beside Claude's config. */
export function hookSettingsDir(stateDir: string | null, configDir: string): string {
  return stateDir ? join(stateDir, 'hooks') : join(configDir, 'aegis-hooks');
}

export function hookSettingsPath(stateDir: string | null, configDir: string, sessionId: string): string {
  return join(hookSettingsDir(stateDir, configDir), settingsFileName(sessionId));
}
