export { AegisClient, type AegisClientOptions } from './client.js';
export { AegisApiError, SERVER_UNREACHABLE } from './errors.js';
export type { EventStreamOptions, StreamFrame } from './events.js';
export type { WaitOptions, WaitResult } from './wait.js';
export type * from './types.js';
export type { paths, components } from './generated/openapi.js';
