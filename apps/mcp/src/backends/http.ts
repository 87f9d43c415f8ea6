import { AEGIS_ERROR_CODES, AegisError, type AegisErrorCode, type AegisEvent, type AnswerInput, type BatchItemResult, type CreateResult, type PipelineInfo, type SendResult, type SessionInfo } from '@aegis/core';
import type { Backend, ServerHealth } from '../backend.js';
import { McpToolError } from '../tools/result.js';
import { followEvents } from './sse.js';

export interface HttpBackendOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:9100`. */
  url: string;
  /** Bearer token (`AEGIS_AUTH_TOKEN`). */
  token?: string;
  /** Default global `fetch`. */
  fetch?: typeof fetch;
  /** Default `setTimeout`-based sleep (the wait between status polls of `waitFor`). */
  sleep?: (ms: number) => Promise<void>;
  /** Default `Date.now`. */
  now?: () => number;
  /** How often `waitFor` reads the session. Default 500 ms. */
  pollMs?: number;
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

const isCoreCode = (c: unknown): c is AegisErrorCode => typeof c === 'string' && (AEGIS_ERROR_CODES as readonly string[]).includes(c);
const enc = encodeURIComponent;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/**
 * A {@link Backend} over a running Aegis server's REST API (`/v1`). Errors keep the server's stable codes; a server
 * that cannot be reached is `SERVER_UNREACHABLE`. `waitFor` polls the session; `subscribe` follows `GET /v1/events`
 * (SSE) while anyone listens.
 */
export function createHttpBackend(o: HttpBackendOptions): Backend {
  const base = o.url.replace(/\/+$/, '');
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  const pollMs = o.pollMs ?? 500;
  const listeners = new Set<(e: AegisEvent) => void>();
  let stopEvents: (() => void) | null = null;

  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(`${base}/v1${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (e) {
      throw new McpToolError('SERVER_UNREACHABLE', `the Aegis server at ${base} cannot be reached: ${(e as Error).message}`, { url: base });
    }
    if (res.ok) return res;
    const data = parseJson(await res.text());
    const err = (data ?? {}) as { code?: unknown; message?: unknown; details?: Record<string, unknown> };
    const message = typeof err.message === 'string' ? err.message : `HTTP ${res.status}`;
    if (isCoreCode(err.code)) throw new AegisError(err.code, message, err.details ?? {});
    throw new McpToolError(typeof err.code === 'string' ? err.code : 'REQUEST_FAILED', message, { status: res.status, ...(err.details ?? {}) });
  }
  async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    const res = await request(method, path, body);
    return { status: res.status, data: parseJson(await res.text()) as T };
  }
  const get = async <T>(path: string) => (await call<T>('GET', path)).data;
  const post = async <T>(path: string, body: unknown = {}) => (await call<T>('POST', path, body)).data;

  type Created = SessionInfo & { reused: boolean; promptDelivery: { messageId: string } | null };
  const created = (c: Created): CreateResult => {
    const { reused, promptDelivery, ...session } = c;
    return { session: session as SessionInfo, reused, prompt: promptDelivery ? { id: promptDelivery.messageId, position: 0 } : null };
  };

  const backend: Backend = {
    kind: 'http',
    async list() {
      const out: SessionInfo[] = [];
      for (let page = 1; ; page++) {
        const r = await get<{ sessions: SessionInfo[]; pagination: { totalPages: number } }>(`/sessions?limit=100&page=${page}`);
        out.push(...r.sessions);
        if (page >= r.pagination.totalPages || r.sessions.length === 0) return out;
      }
    },
    get: (id) => get<SessionInfo>(`/sessions/${enc(id)}`),
    create: async (input) => created(await post<Created>('/sessions', { ...input, promptWaitMs: 0 })),
    async createBatch(inputs) {
      type Item = { index: number; ok: true; session: Created } | { index: number; ok: false; error: { code: AegisErrorCode; message: string } };
      const r = await post<{ sessions: Item[] }>('/sessions/batch', { sessions: inputs });
      return r.sessions.map((x): BatchItemResult => (x.ok ? { index: x.index, ok: true, result: created(x.session) } : x));
    },
    async send(id, input) {
      type Sent = { messageId: string; delivered: boolean; queued: boolean; position?: number; attempts?: number; confirmedBy?: 'hook' | 'transcript' | 'status_file' };
      const { status, data } = await call<Sent>('POST', `/sessions/${enc(id)}/send`, input);
      if (status === 202) return { queued: true, id: data.messageId, position: data.position ?? 0 } as SendResult;
      const result = { id: data.messageId, delivered: true, attempts: data.attempts ?? 1, confirmedBy: data.confirmedBy ?? 'hook', unknown: false, submittedDifferently: null };
      return (data.queued ? { queued: true, id: data.messageId, position: 0, result } : { queued: false, ...result }) as SendResult;
    },
    command: (id, input) => post(`/sessions/${enc(id)}/command`, input),
    bash: (id, input) => post(`/sessions/${enc(id)}/bash`, input),
    answer(id, input: AnswerInput) {
      const { action, ...body } = input;
      return post(`/sessions/${enc(id)}/${action}`, body);
    },
    async kill(id) {
      await call('DELETE', `/sessions/${enc(id)}`);
    },
    async transcript(id, q) {
      const p = new URLSearchParams();
      if (q.after) p.set('after', q.after);
      if (q.before) p.set('before', q.before);
      if (q.limit) p.set('limit', String(q.limit));
      if (q.roles?.length) p.set('roles', q.roles.join(','));
      if (q.kinds?.length) p.set('kinds', q.kinds.join(','));
      return get(`/sessions/${enc(id)}/read?${p}`);
    },
    summary: (id) => get(`/sessions/${enc(id)}/summary`),
    pane: async (id) => (await get<{ pane: string }>(`/sessions/${enc(id)}/pane`)).pane,
    paneImage: async (id) => Buffer.from(await (await request('GET', `/sessions/${enc(id)}/pane.png`)).arrayBuffer()),
    health: (id) => get(`/sessions/${enc(id)}/health`),
    async waitFor(id, states, timeoutMs) {
      const deadline = now() + timeoutMs;
      for (;;) {
        const s = await backend.get(id);
        // as core's waitFor: idle counts once nothing is queued or being delivered
        if ((states as string[]).includes(s.status) && (s.status !== 'idle' || s.queueLength === 0)) return true;
        if (s.endedAt !== null || now() >= deadline) return false;
        await sleep(Math.min(pollMs, Math.max(0, deadline - now())));
      }
    },
    createPipeline: (spec) => post<PipelineInfo>('/pipelines', spec),
    listPipelines: async () => (await get<{ pipelines: PipelineInfo[] }>('/pipelines')).pipelines,
    getPipeline: (id) => get<PipelineInfo>(`/pipelines/${enc(id)}`),
    cancelPipeline: (id, c) => post<PipelineInfo>(`/pipelines/${enc(id)}/cancel`, { keepSessions: c.keepSessions ?? false }),
    serverHealth: async (): Promise<ServerHealth> => ({ ...(await get<ServerHealth>('/health')), backend: 'http' }),
    subscribe(listener) {
      listeners.add(listener);
      stopEvents ??= followEvents({ url: base, ...(o.token ? { token: o.token } : {}), fetch: doFetch, sleep, onEvent: (e) => listeners.forEach((l) => l(e)) });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stopEvents?.();
          stopEvents = null;
        }
      };
    },
    close: async () => {
      listeners.clear();
      stopEvents?.();
      stopEvents = null;
    },
  };
  return backend;
}
