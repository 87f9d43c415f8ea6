export { openPostgresStorage } from './storage.js';
export type { PostgresStorage, PostgresStorageOptions } from './storage.js';
export type { NodeHeartbeat, NodeInfo, PgNodeDirectory } from './nodes.js';
export type { FleetEvent, FleetListener, PgEventFeed } from './event-feed.js';
export type { PgFleetSessions } from './fleet-sessions.js';
export type { PgLeader } from './leader.js';
