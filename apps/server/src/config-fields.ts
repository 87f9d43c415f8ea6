import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { PermissionModeSchema } from '@aegis/core';
import { commaList, flag, folders, NAME, names, origins } from './config-values.js';

/**
 * Every setting of the server: config files, environment and defaults all go through this one schema (it is also
 * the source of the README's config table, `pnpm docs:config`). `env` names the environment variable, if any.
 */
export const CONFIG_FIELDS = {
  port: { env: 'AEGIS_PORT', schema: z.coerce.number().int().min(0).max(65535).default(9100).describe('HTTP port') },
  host: { env: 'AEGIS_HOST', schema: z.string().min(1).default('127.0.0.1').describe('Address to listen on') },
  allowedHosts: {
    env: 'AEGIS_ALLOWED_HOSTS',
    schema: names
      .default([])
      .describe(
        '`Host` names accepted besides `localhost`, `127.0.0.1`, `[::1]` and `host` (`name` = any port, `name:port`); others get 403 `HOST_NOT_ALLOWED` (DNS rebinding)',
      ),
  },
  allowedOrigins: {
    env: 'AEGIS_ALLOWED_ORIGINS',
    schema: origins
      .default([])
      .describe(
        "Cross-origin callers (`https://host[:port]`) allowed in, with CORS; any other `Origin` but the server's own gets 403 `ORIGIN_NOT_ALLOWED`",
      ),
  },
  workDirRoots: {
    env: 'AEGIS_WORKDIR_ROOTS',
    schema: folders
      .default([])
      .describe(
        'Folders every workDir must lie in, after symlinks (none: anywhere but `/`, `/proc`, `/sys`, `/dev`); else 400 `INVALID_WORKDIR`',
      ),
  },
  screenshotAllowPrivate: {
    env: 'AEGIS_SCREENSHOT_ALLOW_PRIVATE',
    schema: flag
      .default(true)
      .describe(
        'Screenshots may load loopback and private addresses (link-local, metadata and unspecified ones never)',
      ),
  },
  webhookAllowPrivate: {
    env: 'AEGIS_WEBHOOK_ALLOW_PRIVATE',
    schema: flag
      .default(false)
      .describe(
        'Webhooks may post to loopback and private addresses (link-local, metadata and unspecified ones never)',
      ),
  },
  authToken: {
    env: 'AEGIS_AUTH_TOKEN',
    schema: z
      .string()
      .min(1)
      .optional()
      .describe(
        'An admin bearer token from the configuration, beside the API keys of `aegis-bridge keys` (neither: open on loopback only)',
      ),
  },
  rateLimitMax: {
    env: 'AEGIS_RATE_LIMIT_MAX',
    schema: z.coerce
      .number()
      .int()
      .min(1)
      .default(1000)
      .describe('Requests per key (per address without one) and window; 429 `RATE_LIMITED` above'),
  },
  rateLimitWindowMs: {
    env: 'AEGIS_RATE_LIMIT_WINDOW_MS',
    schema: z.coerce.number().int().min(1000).default(60_000).describe('The rate-limit window'),
  },
  tmuxSession: {
    env: 'AEGIS_TMUX_SESSION',
    schema: z.string().regex(NAME).default('aegis').describe('tmux session holding one window per Aegis session'),
  },
  tmuxSocket: {
    env: 'AEGIS_TMUX_SOCKET',
    schema: z.string().regex(NAME).default('aegis').describe('tmux socket name (`tmux -L`)'),
  },
  stateDir: {
    env: 'AEGIS_STATE_DIR',
    schema: z
      .string()
      .min(1)
      .default(join(homedir(), '.aegis'))
      .describe(
        'State folder (sessions, durable event log in `state/`; API keys `keys.json`, audit log `audit.jsonl`)',
      ),
  },
  worktreeRoot: {
    env: 'AEGIS_WORKTREE_ROOT',
    schema: z
      .string()
      .min(1)
      .refine((p) => isAbsolute(p) && !p.split(/[\\/]/).includes('..'), 'must be an absolute path without ".."')
      .optional()
      .describe(
        'Folder of the git worktrees of `isolation: "worktree"` sessions, as `<root>/<repo>/<session>` (none: `<stateDir>/worktrees`)',
      ),
  },
  databaseUrl: {
    env: 'AEGIS_DATABASE_URL',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
      .optional()
      .describe(
        'PostgreSQL for sessions, events, queues and pipelines (`postgres://…`; none: files in the state folder)',
      ),
  },
  nodeId: {
    env: 'AEGIS_NODE_ID',
    schema: z
      .string()
      .regex(NAME)
      .optional()
      .describe("This node's id in a shared database: it re-adopts the sessions it owns (none: the host name)"),
  },
  nodeUrl: {
    env: 'AEGIS_NODE_URL',
    schema: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'How the other nodes of a fleet reach this one (`http://10.0.0.5:9100`; none: `http://<host>:<port>`); its host is accepted as a `Host`',
      ),
  },
  clusterSecret: {
    env: 'AEGIS_CLUSTER_SECRET',
    schema: z
      .string()
      .min(32, 'at least 32 characters')
      .optional()
      .describe(
        "Shared by every node of a fleet: a node carries an action on another node's session to its owner with it (required with `databaseUrl`, unless the fleet is this one node)",
      ),
  },
  nodeLabels: {
    env: 'AEGIS_NODE_LABELS',
    schema: names
      .default([])
      .describe(
        'Labels of this node (`gpu,eu`); `POST /v1/sessions` with `labels` places sessions on nodes having them all',
      ),
  },
  heartbeatMs: {
    env: 'AEGIS_HEARTBEAT_MS',
    schema: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(2000)
      .describe('How often a fleet node writes its heartbeat; a node silent for 10 s is `down`'),
  },
  claudeBin: {
    env: 'AEGIS_CLAUDE_BIN',
    schema: z.string().min(1).default('claude').describe('Claude Code binary (path or name on PATH)'),
  },
  stallThresholdMs: {
    env: 'AEGIS_STALL_THRESHOLD_MS',
    schema: z.coerce
      .number()
      .int()
      .min(1000)
      .max(24 * 3600_000)
      .optional()
      .describe(
        'A working session with no progress this long is `stalled` (sessions created without their own `stallThresholdMs`; none: 5 minutes)',
      ),
  },
  tgToken: { env: 'AEGIS_TG_TOKEN', schema: z.string().min(1).optional().describe('Telegram bot token (channels)') },
  tgGroup: { env: 'AEGIS_TG_GROUP', schema: z.string().min(1).optional().describe('Telegram group id (channels)') },
  webhooks: {
    env: 'AEGIS_WEBHOOKS',
    schema: commaList.default([]).describe('Webhook URLs (comma-separated in the environment)'),
  },
  allowShellMode: {
    env: 'AEGIS_ALLOW_SHELL_MODE',
    schema: flag
      .default(false)
      .describe(
        "Allow `POST /v1/sessions/:id/bash` (Claude Code's shell mode runs commands without permission prompts; role admin)",
      ),
  },
  defaultPermissionMode: {
    env: null,
    schema: PermissionModeSchema.default('default').describe('Permission mode of sessions created without one'),
  },
  bodyLimit: {
    env: null,
    schema: z.number().int().min(1024).default(1_048_576).describe('Largest request body in bytes (413 above)'),
  },
  promptWaitMs: {
    env: null,
    schema: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(20_000)
      .describe('How long `POST /v1/sessions` waits for the first prompt to be delivered'),
  },
  eventRetentionMs: {
    env: 'AEGIS_EVENT_RETENTION_MS',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .default(7 * 24 * 3_600_000)
      .describe('Events older than this are pruned from the event log, hourly (0: none by age)'),
  },
  eventRetentionCount: {
    env: 'AEGIS_EVENT_RETENTION_COUNT',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .default(250_000)
      .describe('Only the newest this many events are kept in the event log (0: no count limit)'),
  },
  sessionRetentionMs: {
    env: 'AEGIS_SESSION_RETENTION_MS',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .default(7 * 24 * 3_600_000)
      .describe(
        'Records of sessions ended longer ago are pruned, hourly; never a live one, nor one whose worktree is on disk (0: kept for ever)',
      ),
  },
  sseHeartbeatMs: { env: null, schema: z.number().int().min(100).default(15_000).describe('SSE heartbeat period') },
  sseMaxBufferBytes: {
    env: null,
    schema: z
      .number()
      .int()
      .min(1024)
      .default(1_048_576)
      .describe('Unsent bytes after which a slow SSE client is dropped'),
  },
  chromiumPath: {
    env: null,
    schema: z.string().min(1).default('/usr/bin/chromium').describe('Chromium for screenshots (501 when missing)'),
  },
} as const;

type Fields = typeof CONFIG_FIELDS;

export const ConfigSchema = z.strictObject(
  Object.fromEntries(Object.entries(CONFIG_FIELDS).map(([k, f]) => [k, f.schema])) as {
    [K in keyof Fields]: Fields[K]['schema'];
  },
);
export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
