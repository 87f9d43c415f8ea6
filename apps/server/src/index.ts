export { buildServer } from './app.js';
export { startServer, type RunningServer, type StartOptions } from './start.js';
export { loadConfig, parseConfig, configTable, ConfigSchema, CONFIG_FIELDS, type Config, type ConfigInput, type ConfigSources } from './config.js';
export { SERVER_ERROR_CODES, SERVER_ERROR_STATUS, ErrorBodySchema, HttpError, statusOf, type ErrorBody, type ErrorCode, type ServerErrorCode } from './errors.js';
export { tokensEqual } from './auth.js';
export type { SessionService, ServerDeps, Environment } from './service.js';
export { VERSION } from './version.js';
export { webhookSecretFile } from './webhook-secret.js';
