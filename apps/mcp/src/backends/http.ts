import {
  AegisApiError,
  AegisClient,
  SERVER_UNREACHABLE,
  type CreatedSession,
  type KeysBody,
  type SendReceipt,
  type SendResult as WireSendResult,
} from '@aegis/client';
import {
  AEGIS_ERROR_CODES,
  AegisError,
  type AegisErrorCode,
  type BatchItemResult,
  type CommitResult,
  type CreateResult,
  type MergeResult,
  type SendResult,
  type SessionInfo,
  type WorktreeDiff,
} from '@aegis/core';
import type { Page } from '@aegis/transcript';
import type { Backend, ServerHealth } from '../backend.js';
import { McpToolError } from '../tools/result.js';

export interface HttpBackendOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:9100`. */
  url: string;
  /** Bearer token (`AEGIS_AUTH_TOKEN`). */
  token?: string;
  /** Default global `fetch`. */
  fetch?: typeof fetch;
  /** Pause before following `/v1/events` again after it failed. Default 2000 ms. */
  retryMs?: number;
}

/** Where a configured server is: `AEGIS_URL`, else `AEGIS_HOST`/`AEGIS_PORT` (defaults 127.0.0.1:9100) when either is set; else null. */
export function serverUrlFromEnv(env: Record<string, string | undefined>): string | null {
  if (env.AEGIS_URL) return env.AEGIS_URL.replace(/\/+$/, '');
  if (!env.AEGIS_HOST && !env.AEGIS_PORT) return null;
  const host = env.AEGIS_HOST && env.AEGIS_HOST !== '0.0.0.0' && env.AEGIS_HOST !== '::' ? env.AEGIS_HOST : '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.AEGIS_PORT || '9100'}`;
}

/** True when an Aegis server answers `GET /v1/health` at `url` within `timeoutMs`. */
export async function probeServer(url: string, o: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<boolean> {
  try {
    const res = await (o.fetch ?? fetch)(`${url}/v1/health`, { signal: AbortSignal.timeout(o.timeoutMs ?? 1500) });
    if (!res.ok) return false;
    const body = (await res.json()) as { status?: unknown };
    return body.status === 'ok' || body.status === 'degraded';
  } catch {
    return false;
  }
}

const isCoreCode = (c: unknown): c is AegisErrorCode =>
  typeof c === 'string' && (AEGIS_ERROR_CODES as readonly string[]).includes(c);

/** A failed call as the embedded backend would throw it: core codes as `AegisError`, the rest as tool errors. */
function backendError(e: unknown): unknown {
  if (!(e instanceof AegisApiError)) return e;
  if (e.code === SERVER_UNREACHABLE) return new McpToolError(SERVER_UNREACHABLE, e.message, e.details);
  if (isCoreCode(e.code)) return new AegisError(e.code, e.message, e.details);
  return new McpToolError(e.code, e.message, { status: e.status, ...e.details });
}
async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw backendError(e);
  }
}

// The server sends core's objects; its schemas name the fields clients read and let the rest through.
const info = (s: unknown) => s as SessionInfo;

function created(c: CreatedSession): CreateResult {
  const { reused, promptDelivery, ...session } = c;
  return {
    session: info(session),
    reused,
    prompt: promptDelivery ? { id: promptDelivery.messageId, position: promptDelivery.position } : null,
  };
}

function sent(r: WireSendResult | SendReceipt): SendResult {
  if (!r.delivered) return { queued: true, id: r.messageId, position: r.position };
  const result = {
    delivered: true,
    attempts: r.attempts,
    confirmedBy: r.confirmedBy,
    unknown: false,
    submittedDifferently: null,
  };
  return r.queued
    ? { queued: true, id: r.messageId, position: r.position ?? 0, result }
    : { queued: false, id: r.messageId, ...result };
}

/**
 * The server answers a delivery that failed or could not be confirmed with an error (502/504); core, and so the
 * embedded backend, with a result (`delivered: false`, `unknown`). The error's details carry the receipt.
 */
const UNDELIVERED = new Set(['DELIVERY_UNCONFIRMED', 'DELIVERY_FAILED', 'DELIVERY_SUBMITTED_DIFFERENTLY']);

function undelivered(e: AegisApiError): SendResult {
  const d = e.details as {
    messageId: string;
    attempts: number;
    queued?: boolean;
    position?: number;
    submittedDifferently?: { seen: string };
  };
  const result = {
    delivered: false,
    attempts: d.attempts,
    confirmedBy: null,
    unknown: e.code === 'DELIVERY_UNCONFIRMED',
    submittedDifferently: d.submittedDifferently ?? null,
  };
  return d.queued
    ? { queued: true, id: d.messageId, position: d.position ?? 0, result }
    : { queued: false, id: d.messageId, ...result };
}

/**
 * A {@link Backend} over a running Aegis server, through `@aegis/client`. Errors keep the server's stable codes; a
 * server that cannot be reached is `SERVER_UNREACHABLE`. `waitFor` waits on the session's SSE stream; `subscribe`
 * follows `GET /v1/events` while anyone listens.
 */
export function createHttpBackend(o: HttpBackendOptions): Backend {
  const client = new AegisClient({
    url: o.url,
    ...(o.token ? { token: o.token } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  const listeners = new Set<Parameters<Backend['subscribe']>[0]>();
  let following: AbortController | null = null;

  const follow = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      try {
        for await (const f of client.events({ signal }))
          if (f.kind === 'event') for (const l of listeners) l(f.event as never);
      } catch {
        /* refused (a 4xx): try again below */
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, o.retryMs ?? 2000));
    }
  };
  const stopFollowing = () => {
    following?.abort();
    following = null;
  };

  return {
    kind: 'http',
    async list() {
      const out: SessionInfo[] = [];
      for (let page = 1; ; page++) {
        const r = await call(() => client.listSessions({ limit: 100, page }));
        out.push(...r.sessions.map(info));
        if (page >= r.pagination.totalPages || r.sessions.length === 0) return out;
      }
    },
    async get(id) {
      // the server's detail adds how to answer (actionHints, …) for HTTP callers; core's SessionInfo has none of it
      const {
        actionHints: _h,
        pendingPermission: _p,
        pendingQuestion: _q,
        ...session
      } = await call(() => client.getSession(id));
      return info(session);
    },
    create: async (input) => created(await call(() => client.createSession({ ...input, promptWaitMs: 0 }))),
    async createBatch(inputs) {
      const r = await call(() => client.createSessions({ sessions: inputs }));
      return r.sessions.map((x): BatchItemResult =>
        x.ok && x.session
          ? { index: x.index, ok: true, result: created(x.session) }
          : { index: x.index, ok: false, error: x.error as { code: AegisErrorCode; message: string } },
      );
    },
    async send(id, input) {
      try {
        return sent(await client.send(id, input));
      } catch (e) {
        if (e instanceof AegisApiError && UNDELIVERED.has(e.code)) return undelivered(e);
        throw backendError(e);
      }
    },
    answer(id, input) {
      return call(() => {
        switch (input.action) {
          case 'approve': {
            const { action: _a, ...body } = input;
            return client.approve(id, body);
          }
          case 'reject': {
            const { action: _a, ...body } = input;
            return client.reject(id, body);
          }
          case 'answer': {
            const { action: _a, ...body } = input;
            return client.answer(id, body);
          }
          case 'interrupt':
            return client.interrupt(id);
          case 'escape':
            return client.escape(id);
          case 'keys':
            // core's key names are the server's (both from @aegis/tmux's KEY_NAMES)
            return client.keys(id, { keys: input.keys as KeysBody['keys'] });
        }
      });
    },
    kill: (id) => call(() => client.killSession(id)),
    transcript: async (id, q) =>
      (await call(() =>
        client.read(id, {
          ...(q.after ? { after: q.after } : {}),
          ...(q.before ? { before: q.before } : {}),
          ...(q.limit ? { limit: q.limit } : {}),
          ...(q.roles?.length ? { roles: q.roles.join(',') } : {}),
          ...(q.kinds?.length ? { kinds: q.kinds.join(',') } : {}),
        }),
      )) as unknown as Page,
    summary: (id) => call(() => client.summary(id)) as never,
    pane: (id) => call(() => client.pane(id)),
    paneImage: async (id) => Buffer.from(await call(() => client.paneImage(id))),
    health: (id) => call(() => client.sessionHealth(id)) as never,
    waitFor: async (id, states, timeoutMs) =>
      (await call(() => client.waitForState(id, states, { timeoutMs }))).reached,
    createPipeline: (spec) => call(() => client.createPipeline(spec as never)) as never,
    listPipelines: async () => (await call(() => client.listPipelines())).pipelines as never,
    getPipeline: (id) => call(() => client.getPipeline(id)) as never,
    cancelPipeline: (id, c) =>
      call(() => client.cancelPipeline(id, { keepSessions: c.keepSessions ?? false })) as never,
    command: (id, input) => call(() => client.command(id, input)),
    bash: (id, input) => call(() => client.bash(id, input)),
    serverHealth: async (): Promise<ServerHealth> => ({ ...(await call(() => client.health())), backend: 'http' }),
    diff: (id, d) =>
      call(() =>
        client.diff(id, {
          ...(d.stat ? { stat: 'true' as const } : {}),
          ...(d.maxBytes ? { maxBytes: d.maxBytes } : {}),
        }),
      ) as Promise<WorktreeDiff>,
    commit: (id, message) => call(() => client.commit(id, { message })) as Promise<CommitResult>,
    merge: (id, req) => call(() => client.merge(id, req)) as Promise<MergeResult>,
    subscribe(listener) {
      listeners.add(listener);
      if (!following) {
        following = new AbortController();
        void follow(following.signal);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopFollowing();
      };
    },
    close: async () => {
      listeners.clear();
      stopFollowing();
    },
  };
}
