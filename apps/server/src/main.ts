import { parseArgs } from 'node:util';
import { isAegisError } from '@aegis/core';
import { loadConfig } from './config.js';
import { startServer, StartupError } from './start.js';

/** `node dist/main.js [--config <file>]`: starts the server; SIGINT/SIGTERM stop it and leave the sessions running. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' } }, allowPositionals: true });
  const config = await loadConfig(values.config ? { configFile: values.config } : {});
  const server = await startServer(config);
  console.log(`aegis: listening on ${server.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`aegis: ${signal}, shutting down (sessions keep running in tmux)`);
    server.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof StartupError || isAegisError(e)) console.error(`aegis: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
