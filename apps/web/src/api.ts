/** The REST calls the dashboard makes (same origin; the key travels in the HttpOnly cookie, never in a URL). */

export interface ApiError {
  status: number;
  code: string;
  message: string;
}

export class RequestFailed extends Error implements ApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) throw new RequestFailed(res.status, String(json.code ?? 'HTTP_' + res.status), String(json.message ?? res.statusText));
  return json as T;
}

export type Role = 'public' | 'viewer' | 'operator' | 'admin';

export interface MenuOption {
  id: string;
  key: string | null;
  label: string;
  kind: 'allow' | 'allow_always' | 'deny' | 'other';
}

export interface Question {
  header?: string;
  text: string;
  multiSelect: boolean;
  options: MenuOption[];
}

export interface Session {
  id: string;
  name: string;
  workDir: string;
  status: string;
  permissionMode: string;
  createdAt: number;
  lastActivity: number;
  endedAt: number | null;
  queueLength: number;
  claudeVersion: string | null;
  state: ({ kind: string; questions?: Question[]; tool?: string; command?: string; file?: string; plan?: string; description?: string } & Record<string, unknown>) | null;
  pendingPrompt: { id: string; kind: string; options: MenuOption[]; viaHook: boolean } | null;
  usage: { inputTokens: number; outputTokens: number; cacheCreationInputTokens: number; cacheReadInputTokens: number; costUsd: number } | null;
}

export interface Entry {
  id: string;
  role: string;
  kind: string;
  timestamp?: string | null;
  text?: string;
  name?: string;
  input?: unknown;
  toolUseId?: string;
  isError?: boolean;
}

export interface Stage {
  name: string;
  status: string;
  attempt: number;
  sessionId: string | null;
  reason: string | null;
  lastMessage?: string | null;
}

export interface Pipeline {
  id: string;
  name: string;
  status: string;
  createdAt: number;
  spec: { stages: { name: string; dependsOn?: string[] }[] };
  stages: Stage[];
}

export const api = {
  whoami: () => call<{ role: Role; authRequired: boolean }>('GET', '/v1/whoami'),
  signIn: (key: string) => call<{ role: Role; authRequired: boolean }>('POST', '/v1/session-cookie', undefined, { authorization: `Bearer ${key}` }),
  signOut: () => call<void>('DELETE', '/v1/session-cookie'),
  session: (id: string) => call<Session>('GET', `/v1/sessions/${id}`),
  create: (body: { workDir: string; prompt?: string; permissionMode?: string }) => call<Session>('POST', '/v1/sessions', { ...body, promptWaitMs: 0 }),
  read: (id: string, after?: string) => call<{ entries: Entry[]; cursor: string | null }>('GET', `/v1/sessions/${id}/read?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`),
  send: (id: string, text: string) => call<{ messageId: string; delivered: boolean; queued: boolean }>('POST', `/v1/sessions/${id}/send`, { text }),
  approve: (id: string, promptId: string, always = false) => call('POST', `/v1/sessions/${id}/approve`, always ? { promptId, always } : { promptId }),
  reject: (id: string, promptId: string) => call('POST', `/v1/sessions/${id}/reject`, { promptId }),
  // every option list must be non-empty: with a question answered only in words, only the words are sent
  answer: (id: string, promptId: string, options: string[][], text: string[]) =>
    call('POST', `/v1/sessions/${id}/answer`, options.every((o) => o.length > 0) ? { promptId, options, text } : { promptId, text }),
  keys: (id: string, keys: string[]) => call('POST', `/v1/sessions/${id}/keys`, { keys }),
  interrupt: (id: string) => call('POST', `/v1/sessions/${id}/interrupt`),
  escape: (id: string) => call('POST', `/v1/sessions/${id}/escape`),
  kill: (id: string) => call('DELETE', `/v1/sessions/${id}`),
  pipelines: () => call<{ pipelines: Pipeline[] }>('GET', '/v1/pipelines'),
  pipeline: (id: string) => call<Pipeline>('GET', `/v1/pipelines/${id}`),
  createPipeline: (spec: unknown) => call<Pipeline>('POST', '/v1/pipelines', spec),
  cancelPipeline: (id: string) => call('POST', `/v1/pipelines/${id}/cancel`),
};
