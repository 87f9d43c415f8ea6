import { useEffect, useState } from 'preact/hooks';
import { api, type Session } from './api.js';

/** One event from `/v1/events` (the server's `{id, at, type, sessionId, data}`). */
export interface LiveEvent {
  id: number;
  at: number;
  type: string;
  sessionId: string;
  data: Record<string, unknown>;
}

type Listener = (e: LiveEvent) => void;

const EVENT_TYPES = [
  'session.created', 'session.adopted', 'session.status', 'session.stalled', 'session.ended',
  'message.user', 'message.assistant', 'tool.use', 'tool.result', 'message.queued', 'message.delivered', 'message.unconfirmed',
  'permission.requested', 'question.asked', 'plan.proposed', 'gate.shown', 'prompt.answered',
  'pipeline.created', 'pipeline.stage', 'pipeline.finished',
];

/**
 * Every session, kept current by the server's event stream (the browser's EventSource: it reconnects and resumes
 * from the last event id by itself). A session's event refetches that session, so the list never drifts.
 */
class LiveStore {
  sessions = new Map<string, Session>();
  connected = false;
  #changed = new Set<() => void>();
  #events = new Set<Listener>();
  #source: EventSource | undefined;
  #refetching = new Map<string, boolean>();

  start(): void {
    if (this.#source) return;
    const es = new EventSource('/v1/events');
    this.#source = es;
    es.addEventListener('state', (m) => {
      const snap = JSON.parse((m as MessageEvent).data) as { sessions: Session[] };
      this.sessions = new Map(snap.sessions.map((s) => [s.id, s]));
      this.connected = true;
      this.#notify();
    });
    for (const type of EVENT_TYPES) es.addEventListener(type, (m) => this.#onEvent(JSON.parse((m as MessageEvent).data) as LiveEvent));
    es.onerror = () => {
      this.connected = false;
      this.#notify();
    };
  }

  stop(): void {
    this.#source?.close();
    this.#source = undefined;
  }

  onChange(fn: () => void): () => void {
    this.#changed.add(fn);
    return () => this.#changed.delete(fn);
  }

  onEvent(fn: Listener): () => void {
    this.#events.add(fn);
    return () => this.#events.delete(fn);
  }

  #onEvent(e: LiveEvent): void {
    const s = this.sessions.get(e.sessionId);
    if (s && e.type === 'session.status') {
      this.sessions.set(s.id, { ...s, status: String(e.data.to), lastActivity: e.at }); // shown at once; details follow
      this.#notify();
    }
    if (!e.type.startsWith('pipeline.') || this.sessions.has(e.sessionId)) this.refetch(e.sessionId);
    for (const fn of this.#events) fn(e);
  }

  /** Fetches one session again (one request in flight per session, one more if events came meanwhile). */
  refetch(id: string): void {
    if (this.#refetching.has(id)) {
      this.#refetching.set(id, true);
      return;
    }
    this.#refetching.set(id, false);
    api
      .session(id)
      .then((s) => this.sessions.set(id, s))
      .catch(() => undefined)
      .finally(() => {
        const again = this.#refetching.get(id);
        this.#refetching.delete(id);
        this.#notify();
        if (again) this.refetch(id);
      });
  }

  #notify(): void {
    for (const fn of this.#changed) fn();
  }
}

export const live = new LiveStore();

/** Re-renders on every change of the live store; returns the sessions, newest first. */
export function useSessions(): Session[] {
  const [, setTick] = useState(0);
  useEffect(() => live.onChange(() => setTick((n) => n + 1)), []);
  return [...live.sessions.values()].sort((a, b) => b.createdAt - a.createdAt);
}

export function useSession(id: string): Session | undefined {
  useSessions();
  return live.sessions.get(id);
}

/** Calls `fn` for each live event (of one session when `sessionId` is given). */
export function useLiveEvents(fn: Listener, sessionId?: string): void {
  useEffect(() => live.onEvent((e) => (!sessionId || e.sessionId === sessionId) && fn(e)), [sessionId, fn]);
}

/** Sessions waiting on a person, newest prompt first. */
export function waiting(sessions: Session[]): Session[] {
  return sessions.filter((s) => s.endedAt === null && s.pendingPrompt).sort((a, b) => b.lastActivity - a.lastActivity);
}
