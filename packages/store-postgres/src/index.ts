export { openPostgresStorage } from './storage.js';
export type { PostgresStorage, PostgresStorageOptions } from './storage.js';
