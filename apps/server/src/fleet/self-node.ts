import { cpus, loadavg } from 'node:os';
import type { RouteContext } from '../service.js';
import type { NodeInfo } from './fleet.js';

/** The 1-minute load average per core, two decimals: a node's `load` (heartbeats, `/v1/nodes`). */
export const loadPerCore = (): number => Math.round((loadavg()[0]! / Math.max(1, cpus().length)) * 100) / 100;

/** This server as the one node of a fleet of one (no shared database): what `/v1/nodes` and placement see. */
export function selfNode(ctx: RouteContext): NodeInfo {
  const { host, port } = ctx.config;
  return {
    id: ctx.nodeId,
    url: ctx.config.nodeUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    labels: ctx.config.nodeLabels,
    sessions: ctx.manager.list().filter((s) => s.status !== 'exited').length,
    load: loadPerCore(),
    version: ctx.environment.version,
    startedAt: ctx.startedAt,
    heartbeatAgeMs: 0,
    status: 'up',
  };
}
