import type { AegisEvent } from '@aegis/client';
import { useEffect, useState } from 'preact/hooks';
import { client, type Session } from './api.js';

/** One event from `/v1/events` (the server's `{id, at, type, sessionId, data}`). */
export type LiveEvent = AegisEvent;

type Listener = (e: LiveEvent) => void;

/**
 * Every session, kept current by the server's event stream (the client's `events()`: it reconnects and resumes from
 * the last event id by itself, the state first). A session's event refetches that session, so the list never drifts.
 */
class LiveStore {
  sessions = new Map<string, Session>();
  connected = false;
  #changed = new Set<() => void>();
  #events = new Set<Listener>();
  #stop: AbortController | undefined;
  #refetching = new Map<string, boolean>();

  start(): void {
    if (this.#stop) return;
    const stop = new AbortController();
    this.#stop = stop;
    void (async () => {
      try {
        for await (const f of client.events({ signal: stop.signal })) {
          if (f.kind === 'event') this.#onEvent(f.event);
          else {
            this.sessions = new Map((f.state.sessions ?? []).map((s) => [s.id, s]));
            this.connected = true;
            this.#notify();
          }
        }
      } catch {
        /* refused (4xx): shown as disconnected */
      }
      this.connected = false;
      this.#notify();
    })();
  }

  stop(): void {
    this.#stop?.abort();
    this.#stop = undefined;
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
      this.sessions.set(s.id, { ...s, status: e.data.to as Session['status'], lastActivity: e.at }); // shown at once; details follow
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
    client
      .getSession(id)
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
