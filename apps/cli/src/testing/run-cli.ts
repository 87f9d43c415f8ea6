// Test helper (not exported): runs the CLI in-process with captured output, or the built bin as a child.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { claudeBinary, tempDir } from '@aegis/testkit';
import { runCli, type RunOptions } from '../program.js';

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Live {
  stdout: () => string;
  done: Promise<CliRun>;
  stop: () => void;
}

/** Starts `aegis-bridge <args>` in this process; `stop()` aborts streaming commands. */
export function startCli(
  args: string[],
  env: Record<string, string | undefined>,
  o: { stdin?: string; spawn?: RunOptions['spawn']; cwd?: string } = {},
): Live {
  let stdout = '';
  let stderr = '';
  const ac = new AbortController();
  const done = runCli(args, {
    io: {
      env,
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stdin: Readable.from(o.stdin !== undefined ? [Buffer.from(o.stdin)] : []),
      cwd: o.cwd ?? process.cwd(),
      signal: ac.signal,
    },
    ...(o.spawn ? { spawn: o.spawn } : {}),
  }).then((code) => ({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
  return { stdout: () => stdout, done, stop: () => ac.abort() };
}

export function cli(
  args: string[],
  env: Record<string, string | undefined>,
  o: { stdin?: string; spawn?: RunOptions['spawn']; cwd?: string } = {},
): Promise<CliRun> {
  return startCli(args, env, o).done;
}

/** Runs the built bin as a child process. */
export function runBin(
  args: string[],
  env: Record<string, string | undefined>,
  o: { cwd?: string; input?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: env as NodeJS.ProcessEnv,
      cwd: o.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr, json: () => JSON.parse(stdout) }));
    child.stdin.end(o.input ?? '');
  });
}

export function tmuxWindows(socket: string): string[] {
  try {
    return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'list-windows', '-a', '-F', '#{window_id}'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Newest first by numeric parts. */
export function newest(versions: readonly string[]): string {
  const key = (v: string) => v.split('.').map(Number);
  return [...versions].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++)
      if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  })[0]!;
}

/** A PATH without any folder holding `claude`, but with node and tmux. */
export function pathWithoutClaude(path: string | undefined): string {
  const dirs = [
    '/usr/local/sbin',
    '/usr/local/bin',
    '/usr/sbin',
    '/usr/bin',
    '/sbin',
    '/bin',
    dirname(process.execPath),
  ];
  return [...new Set([...(path ?? '').split(':'), ...dirs])]
    .filter((d) => d && !existsSync(join(d, 'claude')))
    .join(':');
}

/** Writes a `serve --config` file for Claude Code `version` on `socket` (port 0, a fresh state folder); its path. */
export async function serveConfigFile(o: {
  prefix: string;
  version: string;
  socket: string;
  token: string;
  extra?: Record<string, unknown>;
}): Promise<string> {
  const configFile = join(await tempDir(`${o.prefix}-cfg-`), 'aegis.json');
  const stateDir = await tempDir(`${o.prefix}-state-`);
  await writeFile(
    configFile,
    JSON.stringify({
      port: 0,
      host: '127.0.0.1',
      stateDir,
      tmuxSocket: o.socket,
      claudeBin: claudeBinary(o.version),
      authToken: o.token,
      ...o.extra,
    }),
  );
  return configFile;
}

/** Starts the built `aegis-bridge serve --config <file>`; resolves once it listens. */
export function startServe(
  configFile: string,
  env: Record<string, string | undefined>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', configFile], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}
