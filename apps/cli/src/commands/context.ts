import type { AegisClient } from '@aegis/client';
import { clientFromEnv } from '../client.js';
import type { CliIo } from '../io.js';

/** What every client command gets. */
export interface Ctx {
  io: CliIo;
  client: AegisClient;
  json: boolean;
  now: () => number;
}

export function makeCtx(io: CliIo, json: boolean, now: () => number = Date.now): Ctx {
  return { io, client: clientFromEnv(io.env), json: !!json, now };
}

/** Prints a value as JSON (one document, pretty when a person reads it). */
export function printJson(ctx: Ctx, value: unknown): void {
  ctx.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
