import type { AegisEvent, ReadQuery, SessionDetail, TranscriptEntry } from '@aegis/client';
import { entryLine, eventLine } from '../format.js';
import { printJson, type Ctx } from './context.js';
import { intArg } from './sessions.js';

export interface ReadOptions {
  follow?: boolean;
  after?: string;
  limit?: string;
  kinds?: string;
  roles?: string;
}

function query(o: ReadOptions, after: string | undefined, limit: number): ReadQuery {
  return {
    limit,
    ...(after ? { after } : {}),
    ...(o.kinds ? { kinds: o.kinds } : {}),
    ...(o.roles ? { roles: o.roles } : {}),
  };
}

/** `read <id>`: one page of the transcript (never consuming); `--follow`: all of it, then live messages and states. */
export async function read(ctx: Ctx, id: string, o: ReadOptions): Promise<void> {
  const limit = o.limit ? intArg('--limit', o.limit) : 50;
  if (!o.follow) {
    const page = await ctx.client.read(id, query(o, o.after, limit));
    if (ctx.json) return printJson(ctx, page);
    for (const e of page.entries) {
      const line = entryLine(e);
      if (line !== null) ctx.io.stdout(`${line}\n`);
    }
    if (page.hasMoreAfter && page.cursor) ctx.io.stdout(`… more: aegis-bridge read ${id} --after ${page.cursor}\n`);
    return;
  }
  await follow(ctx, id, o, Math.max(limit, 100));
}

/** Prints lines as NDJSON (`--json`) or text; remembers which transcript entries were shown. */
function printer(ctx: Ctx) {
  const shown = new Set<string>();
  return {
    entry(e: TranscriptEntry) {
      if (shown.has(e.id)) return;
      shown.add(e.id);
      if (ctx.json) return ctx.io.stdout(`${JSON.stringify({ kind: 'entry', entry: e })}\n`);
      const line = entryLine(e);
      if (line !== null) ctx.io.stdout(`${line}\n`);
    },
    event(ev: AegisEvent) {
      const entryId = typeof ev.data?.entryId === 'string' ? ev.data.entryId : null;
      if (entryId) {
        if (shown.has(entryId)) return;
        shown.add(entryId);
      }
      if (ctx.json) return ctx.io.stdout(`${JSON.stringify({ kind: 'event', event: ev })}\n`);
      const line = eventLine(ev);
      if (line !== null) ctx.io.stdout(`${line}\n`);
    },
    state(s: SessionDetail) {
      if (ctx.json) return ctx.io.stdout(`${JSON.stringify({ kind: 'state', session: s })}\n`);
      ctx.io.stdout(`· status: ${s.status}\n`);
    },
  };
}

async function follow(ctx: Ctx, id: string, o: ReadOptions, limit: number): Promise<void> {
  const out = printer(ctx);
  const buffered: AegisEvent[] = [];
  let ready = false;
  let transcript: Promise<void> = Promise.resolve();
  // Subscribe first, then print the transcript so far: events that arrive meanwhile wait, and entries already
  // printed are not printed again from their live event.
  const catchUp = async () => {
    let after = o.after;
    for (;;) {
      const page = await ctx.client.read(id, query(o, after, limit));
      for (const e of page.entries) out.entry(e);
      if (!page.hasMoreAfter || !page.cursor || page.cursor === after) break;
      after = page.cursor;
    }
    for (const ev of buffered.splice(0)) out.event(ev);
    ready = true;
  };
  let failure: unknown = null;
  for await (const f of ctx.client.events({
    sessionId: id,
    reconnect: false,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  })) {
    if (f.kind === 'state') {
      const session = f.state.session!;
      out.state(session);
      transcript = catchUp().catch((e: unknown) => void (failure = e));
      if (session.status === 'exited') break;
      continue;
    }
    if (ready) out.event(f.event);
    else buffered.push(f.event);
    if (f.event.type === 'session.ended') break;
  }
  await transcript;
  if (failure) throw failure;
}
