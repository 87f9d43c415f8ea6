// The retention prune (`delete from aegis_events where node = $1 and (at < $2 or id < $3)`, every node its own) reads
// the old events by time: without this index it scans the whole table (every node's events) each time it runs. With
// it and `aegis_events_node (node, id)` the planner answers each side of the `or` from an index (a BitmapOr).
// Built concurrently, outside a transaction, one statement at a time: on a large events table a plain build would hold
// every node's appends until it is done. A build cut short leaves an invalid index, so a rerun drops it first.
export const eventsAt = [
  'drop index concurrently if exists aegis_events_node_at',
  'create index concurrently aegis_events_node_at on aegis_events (node, at)',
];
