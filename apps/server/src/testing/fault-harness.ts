// Fault-suite harness (tests only): the server as a real child process (so it can be `kill -9`ed and restarted on
// the same state dir and tmux socket), a small HTTP client, and tmux/process helpers. Never a shell string.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import {
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';
import type { SseClient } from './sse-client.js';

// the source, run by tsx: the suite tests what is checked out, whether or not this package was built
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote (stdout + stderr). */
  output(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface FaultEnv {
  version: string;
  socket: string;
  stateDir: string;
  /** Environment of the server process (Claude's part is passed through by core). */
  env: Record<string, string | undefined>;
  configFile: string;
}

/** A state dir, a config dir, a tmux socket name and a config file for one server of one Claude Code version. */
export async function faultEnv(
  version: string,
  fake: FakeModel,
  name: string,
  extra: Record<string, unknown> = {},
  claude: Record<string, string> = {},
): Promise<FaultEnv> {
  const root = await tempDir(`aegis-fault-${name}-`);
  const configDir = await createClaudeConfigDir({ version });
  const socket = `aegis-test-fault-${name}-${version.replace(/\./g, '_')}-${process.pid}`;
  const stateDir = join(root, 'aegis');
  const configFile = join(root, 'config.json');
  writeConfig(configFile, {
    port: 0,
    host: '127.0.0.1',
    stateDir,
    tmuxSocket: socket,
    claudeBin: claudeBinary(version),
    promptWaitMs: 0,
    ...extra,
  });
  // cwd and HOME under the temp root: no ./aegis.config.json or ~/.aegis/config.json of the machine is read
  const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }), ...claude, HOME: root };
  return { version, socket, stateDir, env, configFile };
}

export function writeConfig(file: string, config: Record<string, unknown>): void {
  writeFileSync(file, JSON.stringify(config));
}

/** Starts `main.ts --config <file>` and resolves once it listens (rejects with its output if it exits first). */
export function spawnServer(
  f: Pick<FaultEnv, 'env' | 'configFile'>,
  o: { timeoutMs?: number; wrap?: string[] } = {},
): Promise<ServerProcess> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  // `wrap`: a command that runs the server, e.g. prlimit with a file-size limit
  const argv = [...(o.wrap ?? []), process.execPath, '--import', TSX, MAIN, '--config', f.configFile];
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: join(f.configFile, '..'),
    env: f.env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not listen within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      const m = /aegis: listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((e) => {
      clearTimeout(timer);
      reject(
        Object.assign(new Error(`server exited (${e.code ?? e.signal}) before listening:\n${out}`), {
          exit: e,
          output: out,
        }),
      );
    });
  });
}

/** Runs the server expecting it to fail at start: its exit code and output. */
export async function failingStart(
  f: Pick<FaultEnv, 'env' | 'configFile'>,
  wrap?: string[],
): Promise<{ code: number | null; output: string }> {
  try {
    const s = await spawnServer(f, wrap ? { wrap } : {});
    s.child.kill('SIGKILL');
    throw new Error(`the server started at ${s.url}`);
  } catch (e) {
    const exit = (e as { exit?: { code: number | null }; output?: string }).exit;
    if (!exit) throw e;
    return { code: exit.code, output: (e as { output: string }).output };
  }
}

export interface Api {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  status(id: string): Promise<string>;
  /** Polls until the session's status is `want` (generous default), failing with the pane's text. */
  until(id: string, want: string | ((s: string) => boolean), timeoutMs?: number): Promise<void>;
}

export function api(base: () => string): Api {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base() + path, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const status = async (id: string) => (await call('GET', `/v1/sessions/${id}`)).body.status as string;
  const until = async (id: string, want: string | ((s: string) => boolean), timeoutMs = 60_000) => {
    const ok = typeof want === 'string' ? (s: string) => s === want : want;
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = await status(id);
      if (ok(last)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    const pane = (await call('GET', `/v1/sessions/${id}/pane`).catch(() => ({ body: null }))).body?.pane;
    throw new Error(`session ${id} never became ${String(want)} (last: ${last}); pane:\n${pane}`);
  };
  return { call, status, until };
}

export function tmux(socket: string, args: string[]): string {
  return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/** Kills the test's own tmux server and removes its socket file. */
export function killTmux(socket: string): void {
  try {
    tmux(socket, ['kill-server']);
  } catch {
    /* already gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

/** Stops a server process (SIGKILL: the suite never waits for a graceful shutdown it does not test). */
export async function stopServer(s: ServerProcess | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGKILL');
  await s.exited;
}

/** Human texts the model received, oldest first, that contain `marker`. */
export function received(fake: FakeModel, marker: string): string[] {
  return fake
    .prompts()
    .map((p) => p.humanText ?? '')
    .filter((t) => t.includes(marker));
}

/** What one test file runs against: a scripted model, its config, the server process and the SSE clients it opened. */
export interface FaultServer {
  fake: FakeModel;
  env: FaultEnv;
  server: ServerProcess;
  /** Closed after the file's tests. */
  clients: SseClient[];
  api: Api;
}

/** Starts a scripted model and the server before the file's tests (vitest hooks), and stops everything after. */
export function faultServer(
  version: string,
  name: string,
  extra: Record<string, unknown> = {},
  claude: Record<string, string> = {},
): FaultServer {
  const s = { clients: [] as SseClient[] } as FaultServer;
  s.api = api(() => s.server.url);
  beforeAll(async () => {
    s.fake = await startFakeModel();
    s.env = await faultEnv(version, s.fake, name, extra, claude);
    s.server = await spawnServer(s.env);
  });
  afterAll(async () => {
    for (const c of s.clients) c.close();
    await stopServer(s.server);
    killTmux(s.env?.socket);
    await s.fake?.close();
  });
  return s;
}
