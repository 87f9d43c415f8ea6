import { createParser } from 'eventsource-parser';
import { CliError } from './io.js';

export const DEFAULT_URL = 'http://127.0.0.1:9100';

/** `AEGIS_URL`, else `http://AEGIS_HOST:AEGIS_PORT` (defaults 127.0.0.1:9100). */
export function serverUrl(env: Record<string, string | undefined>): string {
  if (env.AEGIS_URL) return env.AEGIS_URL.replace(/\/+$/, '');
  const host = env.AEGIS_HOST || '127.0.0.1';
  const port = env.AEGIS_PORT || '9100';
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** A `{code, message}` error body from the server. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(code, message);
  }
}

export interface SseFrame {
  event: string;
  id: string | null;
  data: string;
}

export interface ApiClientOptions {
  url: string;
  token?: string | undefined;
  fetch?: typeof fetch;
}

/** The REST client of the client commands. */
export class ApiClient {
  readonly url: string;
  private readonly token: string | undefined;
  private readonly fetchFn: typeof fetch;

  constructor(o: ApiClientOptions) {
    this.url = o.url;
    this.token = o.token;
    this.fetchFn = o.fetch ?? fetch;
  }

  /** The key: `AEGIS_API_KEY`, else the server's admin token `AEGIS_AUTH_TOKEN` (both go as a bearer). */
  static fromEnv(env: Record<string, string | undefined>): ApiClient {
    return new ApiClient({ url: serverUrl(env), token: env.AEGIS_API_KEY || env.AEGIS_AUTH_TOKEN || undefined });
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFn(this.url + path, init);
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new CliError('SERVER_UNREACHABLE', `cannot reach the Aegis server at ${this.url} (${cause}): start it with \`aegis-bridge serve\` or set AEGIS_URL`);
    }
  }

  /** JSON request; a non-2xx answer throws {@link ApiError} with the server's `{code, message}`. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: this.headers(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await this.send(path, init);
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) {
      const b = (parsed && typeof parsed === 'object' ? parsed : {}) as { code?: unknown; message?: unknown };
      throw new ApiError(
        res.status,
        typeof b.code === 'string' ? b.code : `HTTP_${res.status}`,
        typeof b.message === 'string' ? b.message : text || res.statusText,
        parsed,
      );
    }
    return parsed as T;
  }

  /** Opens an SSE stream and calls `onFrame` for each frame until the stream ends or `signal` aborts. */
  async stream(path: string, onFrame: (f: SseFrame) => boolean | void, signal?: AbortSignal): Promise<void> {
    const init: RequestInit = { headers: this.headers({ accept: 'text/event-stream' }) };
    if (signal) init.signal = signal;
    const res = await this.send(path, init).catch((e: unknown) => {
      if (signal?.aborted) return null;
      throw e;
    });
    if (!res) return;
    if (!res.ok || !res.body) {
      const text = await res.text();
      let b: { code?: string; message?: string } = {};
      try {
        b = JSON.parse(text) as typeof b;
      } catch {
        /* not JSON */
      }
      throw new ApiError(res.status, b.code ?? `HTTP_${res.status}`, b.message ?? text, b);
    }
    const parser = sseParser(onFrame);
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (parser(decoder.decode(chunk, { stream: true }))) break;
      }
    } catch (e) {
      if (!signal?.aborted) throw e;
    }
  }
}

/** Splits text into SSE frames; the returned function is true once `onFrame` asked to stop. */
export function sseParser(onFrame: (f: SseFrame) => boolean | void): (chunk: string) => boolean {
  let stopped = false;
  const parser = createParser({
    onEvent(e) {
      if (!stopped && onFrame({ event: e.event ?? 'message', id: e.id ?? null, data: e.data }) === true) stopped = true;
    },
  });
  return (chunk) => {
    if (!stopped) parser.feed(chunk);
    return stopped;
  };
}
