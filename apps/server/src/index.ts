export { buildServer } from './app.js';
export { startServer, type RunningServer, type StartOptions } from './start.js';
export { loadConfig, parseConfig, type ConfigSources } from './config.js';
export { ConfigSchema, CONFIG_FIELDS, type Config, type ConfigInput } from './config-fields.js';
export { configTable } from './config-docs.js';
export {
  SERVER_ERROR_CODES,
  SERVER_ERROR_STATUS,
  ErrorBodySchema,
  HttpError,
  statusOf,
  type ErrorBody,
  type ErrorCode,
  type ServerErrorCode,
} from './errors.js';
export { tokensEqual } from './auth.js';
export type { SessionService, ServerDeps, Environment } from './service.js';
export { VERSION } from './version.js';
export { webhookSecretFile } from './webhook-secret.js';
export { ROLES, RoleSchema, type Role, type RouteRole, type Principal } from './roles.js';
export { generateKey, hashKey, KEY_PREFIX, type KeyStore, type KeyInfo, type NewKey } from './key-store.js';
export { FileKeyStore } from './file-key-store.js';
export type { AuditLog, AuditEntry, AuditQuery } from './audit-log.js';
export { FileAuditLog } from './file-audit-log.js';
