import type { Command, Option } from 'commander';
import { printJson, type Ctx } from './context.js';
import { table } from '../format.js';

/** `nodes`: the fleet's nodes, their status, sessions, load and heartbeat (a server alone is a fleet of one). */
export async function nodes(ctx: Ctx): Promise<void> {
  const r = await ctx.client.nodes();
  if (ctx.json) return printJson(ctx, r);
  ctx.io.stdout(
    table(
      ['NODE', 'STATUS', 'SESSIONS', 'LOAD', 'HEARTBEAT', 'LABELS', 'URL'],
      r.nodes.map((n) => [
        n.id === r.self ? `${n.id} *` : n.id,
        n.status,
        String(n.sessions),
        n.load.toFixed(2),
        `${(n.heartbeatAgeMs / 1000).toFixed(1)}s ago`,
        n.labels.join(',') || '-',
        n.url,
      ]),
    ),
  );
}

/** `nodes forget <id>`: removes a node that is down for good; its live sessions end. */
export async function forgetNode(ctx: Ctx, id: string): Promise<void> {
  const r = await ctx.client.forgetNode(id);
  if (ctx.json) return printJson(ctx, r);
  ctx.io.stdout(
    `forgot node ${r.node}; ${r.endedSessions.length} session(s) ended: ${r.endedSessions.join(' ') || '-'}\n`,
  );
}

export function addNodeCommands(program: Command, ctx: (o: { json?: boolean }) => Ctx, json: () => Option): void {
  program
    .command('nodes')
    .description('the nodes of the fleet (AEGIS_DATABASE_URL): status, sessions, load, heartbeat; * = the one asked')
    .addOption(json())
    .action((opts: { json?: boolean }) => nodes(ctx(opts)))
    .command('forget <node>')
    .description('remove a node that is down for good (admin); its live sessions end, reason "vanished"')
    .addOption(json())
    .action((node: string, opts: { json?: boolean }) => forgetNode(ctx(opts), node));
}
