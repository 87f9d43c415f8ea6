import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AegisEvent, EventLog, Retention, SessionInfo } from '@aegis/core';

/** How a send ended: confirmed by Claude Code, typed but not confirmed, or refused before it was accepted. */
export type DeliveryOutcome = 'confirmed' | 'unconfirmed' | 'refused';

/** What the metrics read of the sessions (the server's SessionService has it; no import of it: no cycle). */
export interface MetricsSource {
  list(): Pick<SessionInfo, 'status' | 'queueLength'>[];
  readonly events: Pick<EventLog, 'subscribe' | 'lastId' | 'pendingWrites'>;
  readonly retention?: Pick<Retention, 'last'>;
}

/**
 * The server's Prometheus metrics, on a registry of its own (never prom-client's global one, so several apps in
 * one process do not clash). Other parts of the server add theirs with `registers: [metrics.registry]`.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #http: Histogram<'route' | 'method' | 'status_code'>;
  readonly #deliveries: Counter<'outcome'>;
  readonly #detection: Histogram<'state' | 'source'>;
  #unsubscribe: (() => void) | null = null;

  constructor(manager: MetricsSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#http = new Histogram({
      name: 'aegis_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status code (SSE and WebSocket streams are left out)',
      labelNames: ['route', 'method', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#deliveries = new Counter({
      name: 'aegis_deliveries_total',
      help: 'Sends by outcome: confirmed (message.delivered), unconfirmed (message.unconfirmed), refused (the send route answered an error before accepting it)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['confirmed', 'unconfirmed', 'refused'] as const) this.#deliveries.inc({ outcome }, 0);
    this.#detection = new Histogram({
      name: 'aegis_state_detection_seconds',
      help: "From the deciding signal (the state's first evidence) to the emitted state change, by new state and that signal's source",
      labelNames: ['state', 'source'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    new Gauge({
      name: 'aegis_sessions',
      help: 'Sessions known to this server, by status (ended ones as exited until their records are pruned)',
      labelNames: ['status'],
      registers,
      collect() {
        this.reset();
        for (const s of manager.list()) this.inc({ status: s.status });
      },
    });
    new Gauge({
      name: 'aegis_queued_messages',
      help: 'Messages accepted but not yet delivered, summed over every session',
      registers,
      collect() {
        this.set(manager.list().reduce((n, s) => n + s.queueLength, 0));
      },
    });
    new Gauge({
      name: 'aegis_event_log_pending_writes',
      help: 'Events emitted but not yet durable in the event store',
      registers,
      collect() {
        this.set(manager.events.pendingWrites);
      },
    });
    new Gauge({
      name: 'aegis_event_log_last_id',
      help: 'Id of the newest event emitted',
      registers,
      collect() {
        this.set(manager.events.lastId);
      },
    });
    new Gauge({
      name: 'aegis_retention_last_run_timestamp_seconds',
      help: 'When retention last pruned the event log and ended sessions (0: not yet)',
      registers,
      collect() {
        this.set((manager.retention?.last?.at ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'aegis_retention_last_run_pruned',
      help: "What retention's last run removed: events, or ended sessions' records",
      labelNames: ['store'],
      registers,
      collect() {
        const last = manager.retention?.last;
        this.set({ store: 'events' }, last?.events ?? 0);
        this.set({ store: 'sessions' }, last?.sessions.length ?? 0);
      },
    });
    new Gauge({
      name: 'aegis_retention_last_run_failed',
      help: "1 when retention's last run failed (the next one, an hour later, tries again)",
      registers,
      collect() {
        this.set(manager.retention?.last?.error ? 1 : 0);
      },
    });
    this.#unsubscribe = manager.events.subscribe((e) => this.#onEvent(e));
  }

  /** One finished HTTP request; `route` is the route pattern (never the raw URL, whose ids would explode the labels). */
  observeRequest(route: string, method: string, statusCode: number, seconds: number): void {
    this.#http.observe({ route, method, status_code: String(statusCode) }, seconds);
  }

  countDelivery(outcome: DeliveryOutcome): void {
    this.#deliveries.inc({ outcome });
  }

  /** Stops following the event log. */
  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  #onEvent(e: AegisEvent): void {
    if (e.type === 'message.delivered') this.countDelivery('confirmed');
    else if (e.type === 'message.unconfirmed') this.countDelivery('unconfirmed');
    else if (e.type === 'session.status') {
      const deciding = e.data.evidence[0];
      // a stall is decided by the absence of progress: its "evidence" is old by design, not a detection delay
      if (!deciding || e.data.to === 'stalled') return;
      this.#detection.observe({ state: e.data.to, source: deciding.source }, Math.max(0, e.at - deciding.at) / 1000);
    }
  }
}
