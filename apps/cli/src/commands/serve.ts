import { runStdio } from '@aegis/mcp';
import { startServer } from '@aegis/server';
import type { CliIo } from '../io.js';
import { localConfig } from './local-config.js';

/**
 * `serve [--config <file>]`: the REST server from `@aegis/server` (config priority is the server's: `--config` >
 * `./aegis.config.json` > `~/.aegis/config.json` > environment > defaults). Resolves once SIGINT/SIGTERM stopped it;
 * sessions keep running in tmux.
 */
export async function serve(io: CliIo, o: { config?: string }): Promise<void> {
  const config = await localConfig(io, o.config);
  const server = await startServer(config, { env: io.env, warn: (m) => io.stderr(`${m}\n`) });
  io.stderr(`aegis-bridge: listening on ${server.url}${config.authToken ? ' (bearer token required)' : ''}\n`);
  await new Promise<void>((resolve, reject) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.stderr(`aegis-bridge: ${signal}, shutting down (sessions keep running in tmux)\n`);
      server.close().then(resolve, reject);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    io.signal?.addEventListener('abort', () => stop('abort'), { once: true });
  });
}

/** `mcp`: `@aegis/mcp` over stdin/stdout (stdout is the protocol; diagnostics go to stderr). */
export async function mcp(io: CliIo): Promise<void> {
  await runStdio({ env: io.env, log: (line) => io.stderr(`${line}\n`) });
}
