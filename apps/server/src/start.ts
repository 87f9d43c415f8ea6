import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { checkStateDir, defaultVersionProbe, nodeFileSystem, resolveClaudeBinary, SessionManager } from '@aegis/core';
import { openPostgresStorage, type PostgresStorage } from '@aegis/store-postgres';
import { createTmuxDriver } from '@aegis/tmux';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.js';
import { startPgFleet, type RunningFleet } from './fleet/pg-fleet.js';
import { fleetStageSessions } from './fleet/stage-sessions.js';
import { startChannels, type RunningChannels } from './channels.js';
import { FileKeyStore } from './file-key-store.js';
import type { KeyStore } from './key-store.js';
import { PgAuditLog } from './pg-audit-log.js';
import { PgKeyStore } from './pg-key-store.js';
import { StartupError } from './startup-error.js';
import type { Config } from './config-fields.js';
import type { Renderer } from '@aegis/browser';
import type { Environment } from './service.js';
import { VERSION } from './version.js';

export interface StartOptions {
  /** Environment of the server (and, filtered by core, of Claude Code). Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Log with pino to stdout. Default true. */
  logger?: boolean;
  renderer?: Renderer;
  /** Called with warnings (e.g. claude not found). Default `console.warn`. */
  warn?: (message: string) => void;
  /** Called with start-up facts worth a line (e.g. where the generated webhook secret is). Default `console.log`. */
  notice?: (message: string) => void;
}

export interface RunningServer {
  app: FastifyInstance;
  manager: SessionManager;
  /** `http://host:port` */
  url: string;
  /** Stops the server; sessions keep running in tmux (the next start re-adopts them). */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export { StartupError };

function tmuxVersion(env: Record<string, string | undefined>): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('tmux', ['-V'], { env: env as NodeJS.ProcessEnv, timeout: 5000 }, (err, stdout) =>
      resolve(err ? null : String(stdout).trim()),
    );
  });
}

function portFree(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** What is installed: tmux (required), Claude Code (warned about when missing). */
export async function probeEnvironment(config: Config, env: Record<string, string | undefined>): Promise<Environment> {
  const tmux = await tmuxVersion(env);
  let claudePath: string | null = null;
  try {
    claudePath = resolveClaudeBinary(config.claudeBin, env.PATH);
  } catch {
    claudePath = null;
  }
  const claudeVersion = claudePath ? await defaultVersionProbe(claudePath, env as Record<string, string>) : null;
  return {
    version: VERSION,
    tmux: { available: tmux !== null, version: tmux },
    claude: { available: claudePath !== null, path: claudePath, version: claudeVersion },
  };
}

/** Checks the machine, starts core's SessionManager, builds the app and listens. */
export async function startServer(configIn: Config, o: StartOptions = {}): Promise<RunningServer> {
  let config = configIn;
  const env = o.env ?? process.env;
  const warn = o.warn ?? ((m: string) => console.warn(m));
  const environment = await probeEnvironment(config, env);
  if (!environment.tmux.available)
    throw new StartupError(
      'tmux is not installed (or not on PATH): Aegis runs Claude Code inside tmux. Install it (apt-get install tmux).',
    );
  if (!environment.claude.available)
    warn(
      `warning: Claude Code (${config.claudeBin}) was not found; sessions cannot start until it is installed (AEGIS_CLAUDE_BIN).`,
    );
  // the state folder first: one clear STATE_UNWRITABLE before anything (keys, records) is read from it
  await checkStateDir(nodeFileSystem, join(config.stateDir, 'state'));
  // a fleet keeps its API keys and audit trail in its database, so a key works on every node
  const storage = config.databaseUrl ? await openDatabase(config.databaseUrl, config.nodeId) : undefined;
  let keys: KeyStore;
  try {
    keys = storage
      ? new PgKeyStore(storage)
      : await FileKeyStore.open(config.stateDir).catch((e: Error) => {
          throw new StartupError(`cannot read the API keys: ${e.message}`);
        });
    if (!config.authToken && (await keys.count()) === 0 && !LOOPBACK.has(config.host)) {
      throw new StartupError(
        `refusing to listen on ${config.host} with no API key and no AEGIS_AUTH_TOKEN (anyone reaching the port could drive Claude Code): set AEGIS_AUTH_TOKEN, or create a key with \`aegis-bridge keys create\` while listening on 127.0.0.1.`,
      );
    }
    if ((config.host === '0.0.0.0' || config.host === '::') && config.allowedHosts.length === 0) {
      warn(
        `warning: listening on ${config.host}, but only requests to localhost, 127.0.0.1 or [::1] are served: name this machine's address or DNS name in allowedHosts (AEGIS_ALLOWED_HOSTS), or others get 403 HOST_NOT_ALLOWED.`,
      );
    }
    if (!(await portFree(config.host, config.port))) {
      throw new StartupError(
        `port ${config.port} on ${config.host} is already in use: stop the other server or set AEGIS_PORT / --config port.`,
      );
    }
  } catch (e) {
    await storage?.close();
    throw e;
  }
  if (storage && !config.clusterSecret)
    warn(
      'warning: AEGIS_DATABASE_URL without AEGIS_CLUSTER_SECRET: this node cannot carry actions to other nodes’ sessions, nor take theirs (503).',
    );
  // the other nodes call this one by its node URL: its host is one this server answers to
  if (config.nodeUrl) config = { ...config, allowedHosts: [...config.allowedHosts, new URL(config.nodeUrl).host] };
  // a fleet's pipelines run on its one scheduler (the leader), their stages placed over the nodes
  let started: SessionManager | undefined;
  const fleet: RunningFleet | undefined = storage
    ? await startPgFleet({
        storage,
        config,
        version: VERSION,
        onLead: async () => started?.pipelines.open(),
        onLostLead: () => started?.pipelines.close(),
      })
    : undefined;
  const manager = await SessionManager.start({
    stateDir: join(config.stateDir, 'state'),
    worktreeRoot: config.worktreeRoot ?? join(config.stateDir, 'worktrees'),
    ...(storage ? { storage } : {}),
    claudePath: environment.claude.path ?? config.claudeBin,
    defaultPermissionMode: config.defaultPermissionMode,
    workDirRoots: config.workDirRoots,
    ...(config.stallThresholdMs !== undefined ? { stallThresholdMs: config.stallThresholdMs } : {}),
    retention: {
      eventMaxAgeMs: config.eventRetentionMs || null,
      eventMaxCount: config.eventRetentionCount || null,
      endedSessionMaxAgeMs: config.sessionRetentionMs || null,
    },
    terminal: createTmuxDriver({ socketName: config.tmuxSocket, sessionName: config.tmuxSession }),
    ...(fleet ? { pipelines: { deferOpen: true, sessions: (local) => fleetStageSessions(local, fleet) } } : {}),
    env,
  }).catch(async (e: unknown) => {
    await fleet?.stop();
    await storage?.close();
    throw e;
  });
  started = manager;
  let app: FastifyInstance;
  let channels: RunningChannels | undefined;
  try {
    channels = await startChannels(
      manager,
      config,
      env,
      { warn: (m) => warn(`channels: ${m}`) },
      o.notice ?? ((m: string) => console.log(m)),
    );
    app = await buildServer({
      manager,
      terminal: manager.terminal,
      config,
      logger: o.logger ?? true,
      environment,
      channels,
      keys,
      ...(storage ? { audit: new PgAuditLog(storage) } : {}),
      ...(o.renderer ? { renderer: o.renderer } : {}),
      ...(fleet ? { fleet } : {}),
    });
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await fleet?.stop();
    await channels?.stop();
    await manager.shutdown();
    await storage?.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new StartupError(`port ${config.port} on ${config.host} is already in use.`);
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  await fleet?.join(config.nodeUrl ?? url);
  let closing: Promise<void> | null = null;
  return {
    app,
    manager,
    url,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await fleet?.stop();
        await channels?.stop();
        await manager.shutdown();
        await storage?.close();
      })()),
  };
}

/** The shared store, migrated; a clear one-line reason when it cannot be reached (the URL itself is never printed). */
async function openDatabase(url: string, node: string | undefined): Promise<PostgresStorage> {
  try {
    return await openPostgresStorage({ url, ...(node ? { node } : {}) });
  } catch (e) {
    throw new StartupError(`cannot open the database (AEGIS_DATABASE_URL): ${(e as Error).message}`);
  }
}
