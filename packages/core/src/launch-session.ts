import { resolveClaudeBinary } from './binary.js';
import { claudeConfigDir, claudeConfigFile, preTrust } from './claude-config.js';
import type { HookReceiver } from './hook-receiver.js';
import { hookSettingsDir, launchClaude, passthroughEnv } from './launcher.js';
import type { ResolvedOptions } from './manager-options.js';
import { transcriptFile, type SessionRecord } from './record.js';
import type { CreateParsed } from './create.js';

export interface LaunchContext {
  o: ResolvedOptions;
  receiver: HookReceiver;
  /** `claude --version` per binary, probed once. */
  versions: Map<string, Promise<string | null>>;
}

/**
 * Launches a new session: env (Aegis's pass-through + the caller's), binary and version, pre-trust of the realpath,
 * a fresh secret registered with the hook receiver before Claude starts, then the tmux window. Returns its record.
 */
export async function launchSession(
  ctx: LaunchContext,
  c: CreateParsed,
  workDir: string,
  permissionMode: SessionRecord['permissionMode'],
  owner: string | null,
): Promise<SessionRecord> {
  const { o, receiver } = ctx;
  const env = { ...passthroughEnv(o.env), ...(c.env ?? {}) };
  const binary = resolveClaudeBinary(o.claudePath, o.env.PATH);
  let version = ctx.versions.get(binary);
  if (!version) ctx.versions.set(binary, (version = o.versionProbe(binary, env)));
  const claudeVersion = await version;
  const configDir = claudeConfigDir(env);
  await preTrust(o.fs, claudeConfigFile(env), workDir).catch(() => 'no-config');
  const id = o.ids.uuid();
  const claudeSessionId = c.resumeSessionId ?? o.ids.uuid();
  const hookSecret = o.ids.secret();
  const name = c.name ?? `cc-${id.slice(0, 8)}`;
  receiver.register(id, hookSecret, () => ({})); // hooks before the session is followed get no opinion
  let win;
  try {
    win = await launchClaude(o.terminal, o.fs, {
      id,
      name,
      workDir,
      binary,
      claudeSessionId,
      resume: c.resumeSessionId !== undefined,
      permissionMode,
      model: c.model ?? null,
      env,
      hookUrl: receiver.urlFor(id),
      hookSecret,
      settingsDir: hookSettingsDir(o.stateDir, configDir),
      width: o.width,
      height: o.height,
    });
  } catch (e) {
    receiver.unregister(id);
    throw e;
  }
  const now = o.clock.now();
  // a resumed conversation's earlier records were announced by the session that wrote them
  let transcriptOffset = 0;
  if (c.resumeSessionId) {
    transcriptOffset = await o.fs.stat(transcriptFile({ configDir, workDir, claudeSessionId })).then(
      (st) => st.size,
      () => 0,
    );
  }
  return {
    id,
    name,
    workDir,
    owner,
    claudeSessionId,
    permissionMode,
    model: c.model ?? null,
    claudeVersion,
    stallThresholdMs: c.stallThresholdMs ?? o.stallThresholdMs,
    windowId: win.id,
    paneId: win.paneId,
    panePid: win.pid,
    hookSecret,
    createdAt: now,
    launchedAt: now,
    lastActivity: now,
    status: 'starting',
    transcriptOffset,
    configDir,
    endedAt: null,
    endReason: null,
    exitCode: null,
  };
}
