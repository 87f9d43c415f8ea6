import type { ServerResponse } from 'node:http';
import type { AegisEvent, EventLog } from '@aegis/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** `Last-Event-ID` as a header, or `lastEventId` in the query (for clients that cannot set headers). */
export const SseQuerySchema = z.object({
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional()
    .describe('Replay every stored event after this id'),
  token: z
    .string()
    .optional()
    .describe("An API key (or the token), for browsers' EventSource, which cannot set headers"),
});

export interface SseOptions {
  /** Keep only these events (e.g. one session's). */
  filter?: (e: AegisEvent) => boolean;
  /** The current state, sent first as `event: state` (no `id:`, so it never moves the client's cursor). */
  snapshot: unknown;
  heartbeatMs: number;
  /** Unsent bytes after which the client is dropped (slow clients never slow the others). */
  maxBufferBytes: number;
}

const frames = new WeakMap<AegisEvent, Buffer>();

/** `event:` + `id:` + JSON `data:`; serialised and encoded once per event for all subscribers. */
export function eventFrame(e: AegisEvent): Buffer {
  let f = frames.get(e);
  if (f === undefined) {
    f = Buffer.from(`event: ${e.type}\nid: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`, 'utf8');
    frames.set(e, f);
  }
  return f;
}

/** The client's resume point: `Last-Event-ID` header, else `?lastEventId=`; undefined when absent. */
export function lastEventId(request: FastifyRequest): number | undefined {
  const h = request.headers['last-event-id'];
  const raw =
    typeof h === 'string' && h.trim() !== ''
      ? h.trim()
      : (request.query as { lastEventId?: string } | undefined)?.lastEventId;
  if (raw === undefined) return undefined;
  if (!/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

/** Open SSE streams, so shutdown can end them (a hijacked reply would otherwise hold `close()` forever). */
export class SseHub {
  readonly #open = new Set<() => void>();
  get size(): number {
    return this.#open.size;
  }
  add(close: () => void): () => void {
    this.#open.add(close);
    return () => this.#open.delete(close);
  }
  closeAll(): void {
    for (const c of [...this.#open]) c();
  }
}

/** Takes over the reply and streams the event log to it until the client goes away. */
export function openSse(
  request: FastifyRequest,
  reply: FastifyReply,
  events: Pick<EventLog, 'subscribe' | 'lastId'>,
  hub: SseHub,
  o: SseOptions,
): void {
  reply.hijack();
  const raw: ServerResponse = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': String(request.id),
  });
  let closed = false;
  let unsubscribe: () => void = () => undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    removeFromHub();
    if (!raw.destroyed) raw.end();
  };
  const write = (chunk: string | Buffer) => {
    if (closed) return;
    if (raw.destroyed || !raw.writable) return close();
    raw.write(chunk);
    if (raw.writableLength > o.maxBufferBytes) {
      request.log.warn({ buffered: raw.writableLength }, 'dropping a slow SSE client');
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      removeFromHub();
      raw.destroy();
    }
  };
  const removeFromHub = hub.add(close);
  const heartbeat = setInterval(() => write(`event: heartbeat\ndata: {"at":${Date.now()}}\n\n`), o.heartbeatMs);
  heartbeat.unref();
  raw.on('close', close);
  raw.on('error', close);
  write(`retry: 2000\nevent: state\ndata: ${JSON.stringify(o.snapshot)}\n\n`);
  const after = lastEventId(request);
  const listener = (e: AegisEvent) => {
    if (!o.filter || o.filter(e)) write(eventFrame(e));
  };
  // durable: an event id this client saw is on disk, so after a crash it is never reused for another event
  unsubscribe = events.subscribe(listener, after !== undefined ? { after, durable: true } : { durable: true });
  if (closed) unsubscribe();
}
