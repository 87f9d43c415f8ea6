import { Gauge, type Registry } from 'prom-client';
import type { Fleet, NodeInfo } from './fleet.js';

/** The fleet's gauges, read from the database at scrape time: each node's heartbeat age and whether it is up. */
export function registerFleetMetrics(registry: Registry, fleet: Fleet): void {
  const registers = [registry];
  // one read per scrape for both gauges; the database away: no figures (health and STORE_UNAVAILABLE say so)
  let read: { at: number; nodes: Promise<NodeInfo[]> } | null = null;
  const nodes = () => {
    if (!read || Date.now() - read.at > 500) read = { at: Date.now(), nodes: fleet.nodes().catch(() => []) };
    return read.nodes;
  };
  new Gauge({
    name: 'aegis_node_heartbeat_age_seconds',
    help: "Since each node's last heartbeat, by the database's clock (down after 10 s)",
    labelNames: ['node'],
    registers,
    async collect() {
      this.reset();
      for (const n of await nodes()) this.set({ node: n.id }, n.heartbeatAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'aegis_node_up',
    help: 'Each node of the fleet: 1 up, 0 down',
    labelNames: ['node'],
    registers,
    async collect() {
      this.reset();
      for (const n of await nodes()) this.set({ node: n.id }, n.status === 'up' ? 1 : 0);
    },
  });
}
