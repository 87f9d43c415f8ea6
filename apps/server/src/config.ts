import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { AegisError } from '@aegis/core';
import { CONFIG_FIELDS, ConfigSchema, type Config } from './config-fields.js';

/** What the loader reads; injectable for tests. */
export interface ConfigSources {
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Reads a file; rejects with `ENOENT` when missing. Default `fs.readFile` (utf8). */
  readFile?: (path: string) => Promise<string>;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** Default `os.homedir()`. */
  home?: string;
  /** The CLI's `--config <file>` (must exist). */
  configFile?: string;
}

function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(CONFIG_FIELDS)) {
    const v = f.env ? env[f.env] : undefined;
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

async function fromFile(
  read: (p: string) => Promise<string>,
  path: string,
  required: boolean,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await read(path);
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException)?.code === 'ENOENT') return {};
    throw new AegisError('INVALID_INPUT', `cannot read config file ${path}: ${(e as Error).message}`, { path });
  }
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new AegisError('INVALID_INPUT', `config file ${path} is not a JSON object: ${(e as Error).message}`, {
      path,
    });
  }
}

/**
 * Loads the configuration. Priority, highest first: `--config <file>` > `./aegis.config.json` >
 * `~/.aegis/config.json` > environment > defaults (each layer overrides the keys it sets).
 */
export async function loadConfig(sources: ConfigSources = {}): Promise<Config> {
  const read = sources.readFile ?? ((p: string) => readFile(p, 'utf8'));
  const cwd = sources.cwd ?? process.cwd();
  const layers: Record<string, unknown>[] = [
    fromEnv(sources.env ?? process.env),
    await fromFile(read, join(sources.home ?? homedir(), '.aegis', 'config.json'), false),
    await fromFile(read, join(cwd, 'aegis.config.json'), false),
    sources.configFile ? await fromFile(read, resolve(cwd, sources.configFile), true) : {},
  ];
  return parseConfig(Object.assign({}, ...layers));
}

/** Validates a config object (defaults filled in); INVALID_INPUT with the issues otherwise. */
export function parseConfig(input: unknown): Config {
  const r = ConfigSchema.safeParse(input);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AegisError('INVALID_INPUT', `invalid configuration: ${lines.join('; ')}`, { issues: r.error.issues });
  }
  return r.data;
}
