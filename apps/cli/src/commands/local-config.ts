import { homedir } from 'node:os';
import { loadConfig, type Config } from '@aegis/server';
import type { CliIo } from '../io.js';

/** The server's configuration as the server would load it (same files, same priority), for local commands. */
export function localConfig(io: CliIo, configFile: string | undefined): Promise<Config> {
  return loadConfig({
    env: io.env,
    cwd: io.cwd,
    home: io.env.HOME || homedir(),
    ...(configFile ? { configFile } : {}),
  });
}
