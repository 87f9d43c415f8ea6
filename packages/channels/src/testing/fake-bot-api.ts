/**
 * A fake Telegram Bot API server. It stands in for Telegram's servers, which cannot be reached here: grammY is
 * pointed at it through `apiRoot`, it listens on 127.0.0.1 only, records every call, answers the methods the
 * Telegram channel uses with plausible objects, serves `getUpdates` long polling from injected updates, and can
 * fail the next call of a method (e.g. 429 with `retry_after`).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** performance.now() when the call arrived. */
  at: number;
  /** What the fake answered. */
  ok: boolean;
  /** The `result` it answered with (a Message for sendMessage), null for a failure. */
  result: unknown;
}

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
}

interface Failure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

const BOT = {
  id: 4242,
  is_bot: true,
  first_name: 'Aegis',
  username: 'aegis_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: true,
  supports_inline_queries: false,
};

/** JSON bodies, and multipart ones (files: grammY's InputFile) as their fields with files replaced by their size. */
function parseBody(type: string, raw: string): Record<string, unknown> {
  if (!raw) return {};
  if (!type.startsWith('multipart/form-data')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const part of raw.split(/--[^\r\n]+\r\n/)) {
    const m = /name="([^"]+)"(?:;\s*filename="?([^"\r\n;]*)"?)?[\s\S]*?\r\n\r\n([\s\S]*?)\r\n$/.exec(
      part.replace(/--\r\n$/, ''),
    );
    if (!m) continue;
    const [, name, filename, value] = m;
    out[name!] =
      filename !== undefined
        ? { filename, bytes: Buffer.byteLength(value!, 'latin1') }
        : /^-?\d+$/.test(value!)
          ? Number(value)
          : value;
  }
  return out;
}

export async function startFakeBotApi(o: { groupId: number }) {
  const calls: ApiCall[] = [];
  const updates: Record<string, unknown>[] = [];
  const failures = new Map<string, Failure[]>();
  const pollers = new Set<() => void>();
  const watchers = new Set<() => void>();
  let updateId = 100;
  let messageId = 1000;
  let threadId = 500;
  const date = () => Math.floor(Date.now() / 1000);
  const chat = { id: o.groupId, type: 'supergroup', title: 'Aegis test', is_forum: true };

  function message(extra: Record<string, unknown>) {
    return { message_id: ++messageId, date: date(), chat, from: BOT, ...extra };
  }

  function answer(method: string, p: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return BOT;
      case 'sendMessage': {
        const thread = p.message_thread_id as number | undefined;
        return message({
          text: p.text,
          ...(thread ? { message_thread_id: thread, is_topic_message: true } : {}),
          ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
        });
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return { message_id: p.message_id, date: date(), chat, text: p.text ?? '' };
      case 'createForumTopic':
        return { message_thread_id: ++threadId, name: p.name, icon_color: 7322096 };
      default:
        return true;
    }
  }

  function send(res: ServerResponse, body: unknown, status = 200): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      const raw = Buffer.concat(chunks).toString('utf8');
      const payload = parseBody(String(req.headers['content-type'] ?? ''), raw);
      if (method === 'getUpdates') return poll(payload, res);
      const failure = failures.get(method)?.shift();
      const result = failure ? null : answer(method, payload);
      calls.push({ method, payload, at: performance.now(), ok: !failure, result });
      for (const w of [...watchers]) w();
      if (failure) return send(res, { ok: false, ...failure }, failure.error_code);
      send(res, { ok: true, result });
    });
  });

  function poll(p: Record<string, unknown>, res: ServerResponse): void {
    const offset = (p.offset as number | undefined) ?? 0;
    const take = () => updates.filter((u) => (u.update_id as number) >= offset);
    const ready = take();
    if (ready.length > 0) return send(res, { ok: true, result: ready });
    const timer = setTimeout(done, Math.min(((p.timeout as number | undefined) ?? 0) * 1000, 1000));
    function done() {
      clearTimeout(timer);
      pollers.delete(done);
      if (!res.writableEnded) send(res, { ok: true, result: take() });
    }
    pollers.add(done);
    res.on('close', () => pollers.delete(done));
  }

  function inject(update: Record<string, unknown>): number {
    const id = ++updateId;
    updates.push({ update_id: id, ...update });
    for (const p of [...pollers]) p();
    return id;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    bot: BOT,
    /** The message id the fake gave a sendMessage call. */
    messageIdOf: (c: ApiCall) => (c.result as { message_id: number }).message_id,
    /** Calls of one method (successful ones unless `all`). */
    callsOf: (method: string, all = false) => calls.filter((c) => c.method === method && (all || c.ok)),
    /** Fails the next call of `method` with this Bot API error. */
    failNext(method: string, failure: Failure): void {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    /** Resolves with the first (successful) call matching, waiting for it if needed. */
    waitForCall(method: string, match: (c: ApiCall) => boolean = () => true, timeoutMs = 15_000): Promise<ApiCall> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const c = calls.find((x) => x.method === method && x.ok && match(x));
          if (!c) return false;
          watchers.delete(check);
          clearTimeout(t);
          resolve(c);
          return true;
        };
        const t = setTimeout(() => {
          watchers.delete(check);
          reject(
            new Error(`no ${method} call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`),
          );
        }, timeoutMs);
        watchers.add(check);
        check();
      });
    },
    /** A user writes in the group (in a topic when `threadId` is given). Returns the update id. */
    message(from: FakeUser, text: string, threadId?: number): number {
      return inject({
        message: {
          message_id: ++messageId,
          date: date(),
          chat,
          from,
          text,
          ...(threadId !== undefined ? { message_thread_id: threadId, is_topic_message: true } : {}),
        },
      });
    },
    /** A user presses an inline button on one of the bot's messages. */
    press(from: FakeUser, messageId: number, data: string): number {
      return inject({
        callback_query: {
          id: `cq${updateId + 1}`,
          from,
          chat_instance: 'ci',
          data,
          message: { message_id: messageId, date: date(), chat, from: BOT },
        },
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of [...pollers]) p();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeBotApi = Awaited<ReturnType<typeof startFakeBotApi>>;
