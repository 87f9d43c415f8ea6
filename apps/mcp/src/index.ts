export { createAegisMcpServer, type AegisMcpServer } from './server.js';
export { runStdio, backendFromEnv, DEFAULT_SERVER_URL, type RunStdioOptions } from './stdio.js';
export type { Backend, ServerHealth } from './backend.js';
export { createHttpBackend, probeServer, serverUrlFromEnv, type HttpBackendOptions } from './backends/http.js';
export {
  createEmbeddedBackend,
  backendOver,
  embeddedOptionsFromConfig,
  type EmbeddedBackendOptions,
} from './backends/embedded.js';
export { McpToolError, errorBody, type ToolErrorBody, type ToolErrorCode } from './tools/result.js';
export { SESSIONS_URI, HEALTH_URI, transcriptUri, paneUri, urisFor } from './resources.js';
export { neutralise, safeText, ImplementIssueArgs, ReviewPrArgs, DebugSessionArgs } from './prompts.js';
export { ACTIONABLE, MAX_WAIT_MS, DEFAULT_WAIT_MS } from './tools/waits.js';
export { VERSION } from './version.js';
