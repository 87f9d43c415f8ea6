import createClient, { type Client } from 'openapi-fetch';
import { AegisApiError } from './errors.js';
import { streamEvents, type EventStreamOptions, type StreamFrame } from './events.js';
import type { paths } from './generated/openapi.js';
import type * as T from './types.js';
import { waitForState, type WaitOptions, type WaitResult } from './wait.js';

export interface AegisClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:9100`. */
  url: string;
  /** Bearer token or API key (sent as `Authorization: Bearer …`). */
  token?: string | undefined;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** What openapi-fetch resolves with: the parsed success body, or the error body, and the response. */
type Answer<D> = { data?: D; error?: unknown; response: Response };

/**
 * A typed client for a running Aegis server: one method per REST route (request and response types generated from
 * the server's OpenAPI document), `events` (SSE, reconnecting with `Last-Event-ID`) and `waitForState`. Every
 * failure is an {@link AegisApiError} with the server's `code`. `api` is the underlying openapi-fetch client for
 * anything not wrapped here.
 */
export class AegisClient {
  readonly url: string;
  readonly api: Client<paths>;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;

  constructor(o: AegisClientOptions) {
    this.url = o.url.replace(/\/+$/, '');
    this.#token = o.token || undefined;
    this.#fetch = o.fetch ?? ((input, init) => fetch(input, init));
    this.api = createClient<paths>({
      baseUrl: this.url,
      fetch: (request) => this.#fetch(request),
      headers: this.#token ? { authorization: `Bearer ${this.#token}` } : {},
    });
  }

  /** The parsed body of a 2xx answer, with its status; anything else throws {@link AegisApiError}. */
  async #call<D>(request: () => Promise<Answer<D>>): Promise<{ data: D; status: number }> {
    let r: Answer<D>;
    try {
      r = await request();
    } catch (e) {
      if (e instanceof AegisApiError) throw e;
      throw AegisApiError.unreachable(this.url, e);
    }
    if (!r.response.ok) throw AegisApiError.fromBody(r.response.status, r.error, r.response.statusText);
    return { data: r.data as D, status: r.response.status };
  }
  async #data<D>(request: () => Promise<Answer<D>>): Promise<D> {
    return (await this.#call(request)).data;
  }

  health(): Promise<T.ServerHealth> {
    return this.#data(() => this.api.GET('/v1/health'));
  }
  /** The fleet's nodes with their heartbeat and load (a server without a shared database is a fleet of one). */
  nodes(): Promise<T.NodeList> {
    return this.#data(() => this.api.GET('/v1/nodes'));
  }
  /** Removes a node that is down for good (admin); its live sessions end (`vanished`). 409 `NODE_UP` while it heartbeats. */
  forgetNode(node: string): Promise<T.ForgottenNode> {
    return this.#data(() => this.api.DELETE('/v1/nodes/{node}', { params: { path: { node } } }));
  }

  // Sessions
  /** Creates a session (or reuses an idle one in the same folder: `reused: true`). */
  createSession(body: T.CreateSessionBody): Promise<T.CreatedSession> {
    return this.#data(() => this.api.POST('/v1/sessions', { body }));
  }
  createSessions(body: T.BatchBody): Promise<T.BatchResult> {
    return this.#data(() => this.api.POST('/v1/sessions/batch', { body }));
  }
  /** One page of sessions (`limit` ≤ 100). */
  listSessions(query: T.ListQuery = {}): Promise<T.SessionList> {
    return this.#data(() => this.api.GET('/v1/sessions', { params: { query } }));
  }
  getSession(id: string): Promise<T.SessionDetail> {
    return this.#data(() => this.api.GET('/v1/sessions/{id}', { params: { path: { id } } }));
  }
  /** Kills Claude Code and every process it started; the record stays (`exited`). `removeWorktree` also removes its worktree. */
  async killSession(id: string, query: T.KillQuery = {}): Promise<void> {
    await this.#data(() => this.api.DELETE('/v1/sessions/{id}', { params: { path: { id }, query } }));
  }
  sessionHealth(id: string): Promise<T.SessionHealth> {
    return this.#data(() => this.api.GET('/v1/sessions/{id}/health', { params: { path: { id } } }));
  }

  /** Runs a slash command (`/compact`) in an idle session; the screen it left. */
  command(id: string, body: T.CommandBody): Promise<T.BoxCommandResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/command', { params: { path: { id } }, body }));
  }
  /** Claude Code's shell mode (no permission prompt): admin only, and off unless the server allows it. */
  bash(id: string, body: T.BashBody): Promise<T.BoxCommandResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/bash', { params: { path: { id } }, body }));
  }

  // Worktrees (sessions created with `isolation: "worktree"`)
  /** The session's changes against its base: committed and uncommitted apart; `stat: true` for the summary only. */
  diff(id: string, query: T.DiffQuery = {}): Promise<T.WorktreeDiff> {
    return this.#data(() => this.api.GET('/v1/sessions/{id}/diff', { params: { path: { id }, query } }));
  }
  commit(id: string, body: T.CommitBody): Promise<T.CommitResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/commit', { params: { path: { id } }, body }));
  }
  /** Merges the branch into its base (or `into`); a conflict is `MERGE_CONFLICT` (409) with nothing changed. */
  merge(id: string, body: T.MergeBody = {}): Promise<T.MergeResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/merge', { params: { path: { id } }, body }));
  }
  pruneWorktrees(body: T.PruneBody = {}): Promise<T.PruneResult> {
    return this.#data(() => this.api.POST('/v1/worktrees/prune', { body }));
  }

  // API keys and the audit log (admin)
  /** A new key: the answer holds it, this once. */
  createKey(body: T.NewKeyBody): Promise<T.NewKey> {
    return this.#data(() => this.api.POST('/v1/keys', { body }));
  }
  listKeys(): Promise<T.KeyList> {
    return this.#data(() => this.api.GET('/v1/keys'));
  }
  revokeKey(idOrName: string): Promise<T.ApiKey> {
    return this.#data(() => this.api.DELETE('/v1/keys/{id}', { params: { path: { id: idOrName } } }));
  }
  audit(query: T.AuditQuery = {}): Promise<T.AuditPage> {
    return this.#data(() => this.api.GET('/v1/audit', { params: { query } }));
  }

  // Actions
  /**
   * Sends a message: `delivered: true` once Claude Code confirmed it (200), else a receipt queued behind a busy
   * session (202). A delivery that could not be confirmed is `DELIVERY_UNCONFIRMED` (504; never resent).
   */
  send(id: string, body: T.SendBody): Promise<T.SendResult | T.SendReceipt> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/send', { params: { path: { id } }, body }));
  }
  approve(id: string, body: T.ApproveBody = {}): Promise<T.AnswerResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/approve', { params: { path: { id } }, body }));
  }
  reject(id: string, body: T.RejectBody = {}): Promise<T.AnswerResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/reject', { params: { path: { id } }, body }));
  }
  answer(id: string, body: T.AnswerBody): Promise<T.AnswerResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/answer', { params: { path: { id } }, body }));
  }
  interrupt(id: string): Promise<T.AnswerResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/interrupt', { params: { path: { id } } }));
  }
  escape(id: string): Promise<T.AnswerResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/escape', { params: { path: { id } } }));
  }
  keys(id: string, body: T.KeysBody): Promise<T.AnswerResult> {
    return this.#data(() => this.api.POST('/v1/sessions/{id}/keys', { params: { path: { id } }, body }));
  }

  // Reads
  /** One page of the transcript (reading never consumes; pass `cursor` as `after` for the next page). */
  read(id: string, query: T.ReadQuery = {}): Promise<T.TranscriptPage> {
    return this.#data(() => this.api.GET('/v1/sessions/{id}/read', { params: { path: { id }, query } }));
  }
  summary(id: string): Promise<T.TranscriptSummary> {
    return this.#data(() => this.api.GET('/v1/sessions/{id}/summary', { params: { path: { id } } }));
  }
  /** The terminal screen as text. */
  async pane(id: string): Promise<string> {
    return (await this.#data(() => this.api.GET('/v1/sessions/{id}/pane', { params: { path: { id } } }))).pane;
  }
  /** The terminal screen as a PNG (rendered by the server's headless Chromium). */
  async paneImage(id: string): Promise<Uint8Array> {
    const buf = await this.#data(() =>
      this.api.GET('/v1/sessions/{id}/pane.png', { params: { path: { id } }, parseAs: 'arrayBuffer' }),
    );
    return new Uint8Array(buf);
  }

  // Pipelines
  createPipeline(body: T.PipelineSpec): Promise<T.Pipeline> {
    return this.#data(() => this.api.POST('/v1/pipelines', { body }));
  }
  listPipelines(query: T.PipelineListQuery = {}): Promise<T.PipelineList> {
    return this.#data(() => this.api.GET('/v1/pipelines', { params: { query } }));
  }
  getPipeline(id: string): Promise<T.Pipeline> {
    return this.#data(() => this.api.GET('/v1/pipelines/{id}', { params: { path: { id } } }));
  }
  cancelPipeline(id: string, body: T.CancelPipelineBody = {}): Promise<T.Pipeline> {
    return this.#data(() => this.api.POST('/v1/pipelines/{id}/cancel', { params: { path: { id } }, body }));
  }

  // Live
  /** Server-sent events of one session (`sessionId`) or all: the current state first, then every event. */
  events(o: EventStreamOptions = {}): AsyncGenerator<StreamFrame> {
    return streamEvents({ url: this.url, token: this.#token, fetch: this.#fetch }, o);
  }
  /** Resolves once the session is in one of `states` (idle only once its queue is empty), from its SSE stream. */
  waitForState(id: string, states: T.SessionStatus[], o: WaitOptions = {}): Promise<WaitResult> {
    return waitForState(this, id, states, o);
  }
}
