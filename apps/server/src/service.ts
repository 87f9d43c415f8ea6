import type { ChannelsHealth } from '@aegis/channels';
import type { EventLog, Pipelines, Retention, SessionManager, SessionWorktrees } from '@aegis/core';
import type { FastifyBaseLogger } from 'fastify';
import type { AuditLog } from './audit-log.js';
import type { Config } from './config-fields.js';
import type { Renderer } from '@aegis/browser';
import type { KeyStore } from './key-store.js';
import type { ServerMetrics } from './metrics/metrics.js';
import type { SseHub } from './sse.js';
import type { PaneTerminal } from './terminal/pane-stream.js';
import type { Fleet } from './fleet/fleet.js';

/** The part of core's SessionManager the routes use (tests pass a small stub). */
export type SessionService = Pick<
  SessionManager,
  | 'create'
  | 'createBatch'
  | 'send'
  | 'command'
  | 'bash'
  | 'waitForDelivery'
  | 'answer'
  | 'get'
  | 'list'
  | 'transcript'
  | 'summary'
  | 'pane'
  | 'health'
  | 'kill'
  | 'storage'
> & {
  readonly events: Pick<EventLog, 'subscribe' | 'lastId' | 'pendingWrites'>;
  readonly pipelines: Pick<Pipelines, 'create' | 'get' | 'list' | 'cancel'>;
  readonly worktrees: Pick<SessionWorktrees, 'diff' | 'commit' | 'merge' | 'remove' | 'prune'>;
  /** What the last retention pass removed (for `GET /metrics`); absent: no retention runs here. */
  readonly retention?: Pick<Retention, 'last'>;
};

/** What `GET /v1/health` reports about the machine (probed once at start). */
export interface Environment {
  version: string;
  tmux: { available: boolean; version: string | null };
  claude: { available: boolean; path: string | null; version: string | null };
}

export interface ServerDeps {
  manager: SessionService;
  config: Config;
  /** A pino-compatible logger, or `false` for none. Default: none. */
  logger?: FastifyBaseLogger | boolean;
  /** Renders web pages and pane images (headless Chromium by default). */
  renderer?: Renderer;
  environment?: Environment;
  /** Clock for uptime and heartbeats. Default `Date.now`. */
  now?: () => number;
  /** The running channels, for `GET /v1/channels/health`. Default: none. */
  channels?: { health(): ChannelsHealth };
  /** The tmux driver behind the live terminal (`GET /v1/sessions/:id/terminal`). Default: none (501). */
  terminal?: PaneTerminal;
  /** The built dashboard served under `/`. Default: `@aegis/web`'s dist when built; null: none. */
  webRoot?: string | null;
  /** API keys. Default: `keys.json` in `config.stateDir`. */
  keys?: KeyStore;
  /** Where mutating calls are recorded. Default: `audit.jsonl` in `config.stateDir`. */
  audit?: AuditLog;
  /** The fleet (a shared database). Default: none. */
  fleet?: Fleet;
  /** The metrics of `GET /metrics` (give it to register more on it). Default: new ones over `manager`. */
  metrics?: ServerMetrics;
}

/** What every route plugin receives (as its `ctx` option). */
export interface RouteContext {
  manager: SessionService;
  config: Config;
  renderer: Renderer;
  environment: Environment;
  hub: SseHub;
  now: () => number;
  startedAt: number;
  channels: { health(): ChannelsHealth } | undefined;
  keys: KeyStore;
  audit: AuditLog;
  /** The fleet this node belongs to (null: no shared database, a fleet of one). */
  fleet: Fleet | null;
  /** This node's id (`AEGIS_NODE_ID`, else the host name); every session names its node. */
  nodeId: string;
  /** The Prometheus registry of `GET /metrics`; add a metric with `registers: [ctx.metrics.registry]`. */
  metrics: ServerMetrics;
}

export interface RouteOptions {
  ctx: RouteContext;
}
