import type { AegisEvent } from '@aegis/core';

/** What receivers see of a session in every payload. */
export interface SessionSummary {
  id: string;
  name: string | null;
  status: string | null;
}

/** Looks a session up (e.g. `(id) => manager.get(id)`); may throw for unknown ids. */
export type SessionLookup = (sessionId: string) => { id: string; name: string; status: string };

/**
 * Names and statuses of sessions, learnt from the events themselves (so a channel works without core), and from
 * an optional lookup for sessions whose `session.created` it never saw.
 */
export class SessionDirectory {
  readonly #known = new Map<string, SessionSummary>();
  readonly #lookup: SessionLookup | undefined;
  readonly #limit: number;

  constructor(lookup?: SessionLookup, limit = 10_000) {
    this.#lookup = lookup;
    this.#limit = limit;
  }

  /** Updates from one event and returns the session as it is after it. */
  observe(event: AegisEvent): SessionSummary {
    const s = this.summary(event.sessionId);
    if (event.type === 'session.created') s.name = event.data.name;
    else if (event.type === 'pipeline.created')
      s.name = `pipeline ${event.data.name}`; // pipeline events without a session use the pipeline id
    else if (event.type === 'session.status') s.status = event.data.to;
    else if (event.type === 'session.ended') s.status = 'exited';
    this.#known.delete(s.id);
    this.#known.set(s.id, s);
    if (this.#known.size > this.#limit) this.#known.delete(this.#known.keys().next().value as string);
    return { ...s };
  }

  summary(sessionId: string): SessionSummary {
    const known = this.#known.get(sessionId);
    if (known) return known;
    let s: SessionSummary = { id: sessionId, name: null, status: null };
    try {
      const info = this.#lookup?.(sessionId);
      if (info) s = { id: sessionId, name: info.name, status: info.status };
    } catch {
      /* unknown to core (ended long ago): what the events say is all we have */
    }
    return s;
  }
}
