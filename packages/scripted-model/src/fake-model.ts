/** A scripted stand-in for the Anthropic Messages API, for driving the real Claude Code CLI offline. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { newId } from './ids.js';
import { estimateTokens, messageJson, writeSse } from './message-writer.js';
import { errorDefaults, type ErrorReply, type Reply } from './replies.js';
import { analyzeRequest, type RequestKind } from './request-info.js';
import { builtinReply, type ScenarioContext } from './scenarios.js';

export interface FakeModelRequest {
  /** Sequence number within this server instance, from 1. */
  seq: number;
  /** When the request body was complete (Date.now ms). */
  at: number;
  method: string;
  /** Path without the query string (`/v1/messages`, `/v1/messages/count_tokens`, …). */
  path: string;
  kind: RequestKind;
  /** Parsed JSON body (`{}` when there was none). */
  body: Record<string, unknown>;
  /** The human text of a `prompt` request (see README). */
  humanText?: string;
  /** The reply chosen for a `/v1/messages` request. */
  reply?: Reply;
  /** When the last byte of the reply was written (Date.now ms); unset while streaming, for hangs and aborted streams. */
  finishedAt?: number;
}

/** A script: return a reply for this request, or undefined to let older scripts and the keyword scenarios answer. */
export type Script = (ctx: ScenarioContext) => Reply | undefined;

export interface FakeModelOptions {
  /** Default 0 (any free port). Pass a fixed port to restart a server on the same address. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Model name echoed in replies when the request names none. */
  model?: string;
  /** A first script (same as calling `script()` right away). */
  script?: Script;
}

export interface FakeModel {
  /** `http://127.0.0.1:<port>`: the value for ANTHROPIC_BASE_URL. */
  readonly url: string;
  readonly port: number;
  /** Every request received, oldest first (HEAD/GET probes included, as kind `other`). */
  readonly requests: readonly FakeModelRequest[];
  /** Requests of kind `prompt` only. */
  prompts(): FakeModelRequest[];
  /** Adds a script, consulted before older scripts and the keyword scenarios; returns a function removing it. */
  script(fn: Script): () => void;
  /** Resolves with the first prompt (already received or future) matching the predicate. */
  waitForPrompt(predicate?: (r: FakeModelRequest) => boolean, timeoutMs?: number): Promise<FakeModelRequest>;
  /** Resolves with the first request (already received or future) matching the predicate. */
  waitForRequest(predicate: (r: FakeModelRequest) => boolean, timeoutMs?: number): Promise<FakeModelRequest>;
  /** Called when the final byte of a reply has been written (`finishedAt` is set); returns an unsubscribe function. */
  onReplyFinished(listener: (r: FakeModelRequest) => void): () => void;
  /** Stops listening and destroys every connection, hanging ones included. */
  close(): Promise<void>;
}

export class FakeModelTimeoutError extends Error {
  readonly code = 'FAKE_MODEL_TIMEOUT';
  constructor(what: string, timeoutMs: number) {
    super(`fake model: no ${what} within ${timeoutMs} ms`);
    this.name = 'FakeModelTimeoutError';
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req_'), ...headers });
  res.end(JSON.stringify(data));
}

function sendError(res: ServerResponse, reply: ErrorReply): void {
  const [type, message] = errorDefaults(reply.status);
  const headers: Record<string, string> =
    reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {};
  const requestId = newId('req_');
  sendJson(
    res,
    reply.status,
    {
      type: 'error',
      error: { type: reply.errorType ?? type, message: reply.message ?? message },
      request_id: requestId,
    },
    headers,
  );
}

export async function startFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
  const requests: FakeModelRequest[] = [];
  const scripts: Script[] = options.script ? [options.script] : [];
  const sockets = new Set<Socket>();
  const requestListeners = new Set<(r: FakeModelRequest) => void>();
  const finishListeners = new Set<(r: FakeModelRequest) => void>();
  const pendingTimers = new Set<{ timer: NodeJS.Timeout; resolve: (ok: boolean) => void }>();
  let closed = false;

  const sleepFor = (res: ServerResponse) => (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (closed || res.destroyed) return resolve(false);
      const entry = {
        timer: setTimeout(() => done(true), ms),
        resolve: (ok: boolean) => done(ok),
      };
      const onClose = () => done(false);
      function done(ok: boolean) {
        clearTimeout(entry.timer);
        pendingTimers.delete(entry);
        res.off('close', onClose);
        resolve(ok && !res.destroyed);
      }
      res.once('close', onClose);
      pendingTimers.add(entry);
    });

  function chooseReply(ctx: ScenarioContext): Reply {
    for (let i = scripts.length - 1; i >= 0; i--) {
      const reply = scripts[i]!(ctx);
      if (reply) return reply;
    }
    return builtinReply(ctx);
  }

  function record(r: FakeModelRequest): void {
    requests.push(r);
    for (const l of [...requestListeners]) l(r);
  }

  function finished(r: FakeModelRequest): void {
    r.finishedAt = Date.now();
    for (const l of [...finishListeners]) l(r);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    let body: Record<string, unknown> = {};
    try {
      if (raw) body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'body is not JSON' },
      });
    }
    const base = { seq: requests.length + 1, at: Date.now(), method, path, body };
    if (method === 'POST' && path === '/v1/messages') {
      const info = analyzeRequest(body);
      const ctx: ScenarioContext = { ...info, body };
      const reply = chooseReply(ctx);
      const r: FakeModelRequest = {
        ...base,
        kind: info.kind,
        reply,
        ...(info.humanText !== undefined ? { humanText: info.humanText } : {}),
      };
      record(r);
      if (reply.type === 'hang') return; // keep the socket open until the client or close() ends it
      if (reply.type === 'error') {
        sendError(res, reply);
        return finished(r);
      }
      const model = typeof body.model === 'string' ? body.model : (options.model ?? 'claude-fake-1');
      if (body.stream === true) {
        if (await writeSse(res, reply, body, { model, sleep: sleepFor(res) })) finished(r);
        return;
      }
      if (reply.durationMs && !(await sleepFor(res)(reply.durationMs))) return;
      sendJson(res, 200, messageJson(reply, body, model));
      return finished(r);
    }
    record({ ...base, kind: 'other' });
    if (method === 'POST' && path === '/v1/messages/count_tokens') {
      return sendJson(res, 200, {
        input_tokens: estimateTokens(
          JSON.stringify(body.system ?? '') + JSON.stringify(body.messages ?? '') + JSON.stringify(body.tools ?? ''),
        ),
      });
    }
    if ((method === 'HEAD' || method === 'GET') && path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(method === 'GET' ? 'ok' : undefined);
    }
    sendJson(res, 404, {
      type: 'error',
      error: { type: 'not_found_error', message: `fake model: no route for ${method} ${path}` },
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(err) } });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;

  function waitFor(
    predicate: (r: FakeModelRequest) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<FakeModelRequest> {
    const found = requests.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (r: FakeModelRequest) => {
        if (!predicate(r)) return;
        cleanup();
        resolve(r);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new FakeModelTimeoutError(what, timeoutMs));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        requestListeners.delete(listener);
      };
      requestListeners.add(listener);
    });
  }

  return {
    url: `http://${address}:${port}`,
    port,
    requests,
    prompts: () => requests.filter((r) => r.kind === 'prompt'),
    script(fn) {
      scripts.push(fn);
      return () => {
        const i = scripts.indexOf(fn);
        if (i >= 0) scripts.splice(i, 1);
      };
    },
    waitForPrompt: (predicate = () => true, timeoutMs = 10_000) =>
      waitFor((r) => r.kind === 'prompt' && predicate(r), timeoutMs, 'matching prompt'),
    waitForRequest: (predicate, timeoutMs = 10_000) => waitFor(predicate, timeoutMs, 'matching request'),
    onReplyFinished(listener) {
      finishListeners.add(listener);
      return () => finishListeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of [...pendingTimers]) t.resolve(false);
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await done;
    },
  };
}
