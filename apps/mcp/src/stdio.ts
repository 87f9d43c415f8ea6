import { homedir } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '@aegis/server';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Backend } from './backend.js';
import { createEmbeddedBackend, embeddedOptionsFromConfig } from './backends/embedded.js';
import { createHttpBackend, probeServer, serverUrlFromEnv } from './backends/http.js';
import { createAegisMcpServer } from './server.js';

export interface RunStdioOptions {
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Default: chosen from the environment ({@link backendFromEnv}). */
  backend?: Backend;
  /** Default `process.stdin` / `process.stdout`. */
  stdin?: Readable;
  stdout?: Writable;
  /** Diagnostics (never stdout). Default: stderr. */
  log?: (line: string) => void;
  /** Close and exit on SIGINT/SIGTERM. Default true. */
  handleSignals?: boolean;
}

/** Where the default server would listen (`AEGIS_PORT`/`AEGIS_HOST` unset). */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:9100';

/**
 * The backend the environment asks for. `AEGIS_MCP_BACKEND`: `http` (always the server), `embedded` (always
 * in-process), `auto` (default): the server at `AEGIS_URL` (or `AEGIS_HOST`/`AEGIS_PORT`, else the default
 * 127.0.0.1:9100) when it answers `/v1/health`, else `@aegis/core` in this process.
 */
export async function backendFromEnv(
  env: Record<string, string | undefined> = process.env,
  o: { fetch?: typeof fetch; log?: (line: string) => void } = {},
): Promise<Backend> {
  const log = o.log ?? (() => undefined);
  const mode = env.AEGIS_MCP_BACKEND || 'auto';
  if (!['auto', 'http', 'embedded'].includes(mode))
    throw new Error(`AEGIS_MCP_BACKEND must be auto, http or embedded, not ${mode}`);
  const url = serverUrlFromEnv(env) ?? DEFAULT_SERVER_URL;
  const token = env.AEGIS_API_KEY || env.AEGIS_AUTH_TOKEN; // an API key, else the server's admin token: one bearer either way
  const http = () => createHttpBackend({ url, ...(token ? { token } : {}), ...(o.fetch ? { fetch: o.fetch } : {}) });
  if (mode === 'http') return http();
  if (mode === 'auto') {
    if (await probeServer(url, o.fetch ? { fetch: o.fetch } : {})) return http();
    if (serverUrlFromEnv(env)) log(`aegis-mcp: no Aegis server answers at ${url}; running Aegis in this process`);
  }
  const config = await loadConfig({ env, home: env.HOME || homedir() });
  return createEmbeddedBackend(embeddedOptionsFromConfig(config, env));
}

/** Serves MCP over stdin/stdout until stdin closes or a signal arrives; then stops following sessions (they keep running). */
export async function runStdio(o: RunStdioOptions = {}): Promise<void> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const backend = o.backend ?? (await backendFromEnv(o.env ?? process.env, { log }));
  const mcp = createAegisMcpServer(backend);
  const transport = new StdioServerTransport(o.stdin ?? process.stdin, o.stdout ?? process.stdout);
  const stdin = o.stdin ?? process.stdin;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let closing: Promise<void> | null = null;
  // Memoised before any work starts: closing the transport calls onclose (this function) again synchronously.
  const close = () =>
    (closing ??= Promise.resolve().then(async () => {
      await mcp.close().catch(() => undefined);
      await backend.close().catch((e: unknown) => log(`aegis-mcp: shutdown: ${String(e)}`));
      done();
    }));
  transport.onclose = () => void close();
  stdin.once('end', () => void close());
  const onSignal = () => void close().then(() => process.exit(0));
  if (o.handleSignals !== false) for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, onSignal);
  await mcp.server.connect(transport);
  log(`aegis-mcp: serving over stdio (${backend.kind === 'http' ? 'Aegis server' : 'Aegis in this process'})`);
  await finished;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.off(sig, onSignal);
}
