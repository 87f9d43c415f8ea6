import type { Role } from './roles.js';

/** One mutating call, as the audit log keeps it (never a body, never a key). */
export interface AuditEntry {
  /** ISO 8601 */
  time: string;
  /** The key's name, `token` (AEGIS_AUTH_TOKEN) or `anonymous` (no or an invalid key). */
  key: string;
  keyId: string | null;
  /** null when the caller was not authenticated. */
  role: Role | null;
  method: string;
  /** The route pattern (`/v1/sessions/:id`). */
  route: string;
  sessionId: string | null;
  /** The other resource acted on, if any (a pipeline id, a key id). */
  target: string | null;
  /** The HTTP status of the answer. */
  status: number;
  requestId: string;
}

export interface AuditQuery {
  /** Entries at or after this time (epoch ms). */
  since?: number;
  key?: string;
  session?: string;
  /** A prefix of the route pattern (`/v1/keys` matches `/v1/keys/:id` too). */
  route?: string;
  limit: number;
}

/** Where the audit trail goes (a JSONL file in the state dir; a database later). Append-only. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Matching entries, newest first, at most `limit`. */
  query(q: AuditQuery): Promise<AuditEntry[]>;
}

export function matches(e: AuditEntry, q: AuditQuery): boolean {
  return (
    (q.since === undefined || Date.parse(e.time) >= q.since) &&
    (q.key === undefined || e.key === q.key) &&
    (q.session === undefined || e.sessionId === q.session) &&
    (q.route === undefined || e.route.startsWith(q.route))
  );
}
