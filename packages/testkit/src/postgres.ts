/**
 * A real PostgreSQL server for tests: a fresh cluster in a temporary folder, listening on 127.0.0.1 on a free port,
 * run as the unprivileged `postgres` user when the tests run as root (PostgreSQL refuses to run as root). Uses the
 * Debian `postgresql` package's binaries (`scripts/setup.sh` installs it). Stopped and removed by `stop()`.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPostgres {
  /** `postgres://aegis@127.0.0.1:<port>/aegis` (trust auth on loopback: no password). */
  url: string;
  port: number;
  /** Stops the server (fast shutdown) and deletes the cluster. */
  stop(): Promise<void>;
  /** Stops the server but keeps the cluster, so `start()` brings the same data back (an outage). */
  pause(): Promise<void>;
  start(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const m of majors) if (existsSync(join(root, m, 'bin', 'postgres'))) return join(root, m, 'bin');
  throw new Error('PostgreSQL is not installed (Debian package `postgresql`; scripts/setup.sh installs it)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** argv prefix that runs a command as `postgres` when we are root. */
function asPostgres(): string[] {
  return process.getuid?.() === 0 ? ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--'] : [];
}

function command(argv: string[]): [string, string[]] {
  const full = [...asPostgres(), ...argv];
  return [full[0]!, full.slice(1)];
}

async function waitReady(bin: string, port: number, dir: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode} while starting`);
    try {
      await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`postgres in ${dir} did not accept connections within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts a fresh cluster with a database `aegis` owned by user `aegis`. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'aegis-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    chownSync(dir, uid, uid);
  }
  chmodSync(dir, 0o700);
  const [initCmd, initArgs] = command([
    join(bin, 'initdb'),
    '-D',
    data,
    '-U',
    'aegis',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  await run(initCmd, initArgs);
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    const [cmd, args] = command([
      join(bin, 'postgres'),
      '-D',
      data,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `port=${port}`,
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ]);
    child = spawn(cmd, args, { stdio: 'ignore' });
    await waitReady(bin, port, dir, child);
  };
  const pause = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGINT'); // fast shutdown: disconnects clients, then exits
    await exited;
  };
  await start();
  const [cmd, args] = command([join(bin, 'createdb'), '-h', '127.0.0.1', '-p', String(port), '-U', 'aegis', 'aegis']);
  await run(cmd, args);
  return {
    url: `postgres://aegis@127.0.0.1:${port}/aegis`,
    port,
    start,
    pause,
    async stop() {
      await pause();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
