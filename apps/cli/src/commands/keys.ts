import { ago, table } from '../format.js';
import type { NewKeyBody } from '@aegis/client';
import { printJson, type Ctx } from './context.js';

/**
 * `keys create|ls|revoke`: through the running server's API with an admin key (AEGIS_API_KEY / AEGIS_AUTH_TOKEN),
 * so a key works, or stops working, the moment the command returns, and the audit log records who did it.
 */
export async function createKey(ctx: Ctx, o: { role: string; name: string }): Promise<void> {
  const k = await ctx.client.createKey({ name: o.name, role: o.role as NewKeyBody['role'] });
  if (ctx.json) return printJson(ctx, k);
  ctx.io.stdout(`${k.key}\n`);
  ctx.io.stderr(
    `created ${k.role} key "${k.name}" (${k.id}): it is shown this once, only its hash is kept. Clients send it as AEGIS_API_KEY.\n`,
  );
}

export async function listKeys(ctx: Ctx): Promise<void> {
  const r = await ctx.client.listKeys();
  if (ctx.json) return printJson(ctx, r);
  if (!r.keys.length) return ctx.io.stdout('no keys\n');
  const now = ctx.now();
  ctx.io.stdout(
    table(
      ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'LAST USED'],
      r.keys.map((k) => [k.id, k.name, k.role, `${k.prefix}…`, ago(k.createdAt, now), ago(k.lastUsedAt, now)]),
    ),
  );
}

export async function revokeKey(ctx: Ctx, idOrName: string): Promise<void> {
  const k = await ctx.client.revokeKey(idOrName);
  if (ctx.json) return printJson(ctx, k);
  ctx.io.stdout(`revoked ${k.role} key "${k.name}" (${k.id})\n`);
}
