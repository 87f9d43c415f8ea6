import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { claudeConfigDir, defaultVersionProbe, resolveClaudeBinary } from '@aegis/core';
import { parseConfig, webhookSecretFile, type Config } from '@aegis/server';
import { table } from '../format.js';
import type { CliIo } from '../io.js';
import { localConfig } from './local-config.js';

export interface Check {
  name: string;
  ok: boolean;
  /** A failed required check makes `doctor` exit non-zero. */
  required: boolean;
  detail: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

function tmuxVersion(env: Record<string, string | undefined>): Promise<string | null> {
  return new Promise((res) => {
    execFile('tmux', ['-V'], { env: env as NodeJS.ProcessEnv, timeout: 5000 }, (err, stdout) =>
      res(err ? null : String(stdout).trim()),
    );
  });
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => res(true)));
  });
}

async function health(url: string): Promise<{ status: string; version?: string } | null> {
  try {
    const r = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(3000) });
    if (!r.ok) return null;
    const b = (await r.json()) as { status?: unknown; version?: string };
    return typeof b.status === 'string' ? { status: b.status, ...(b.version ? { version: b.version } : {}) } : null;
  } catch {
    return null;
  }
}

/** The nearest folder that exists on the way up, and whether we may write there. */
function writable(dir: string): { ok: boolean; detail: string } {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  try {
    if (!statSync(d).isDirectory()) return { ok: false, detail: `${d} is not a folder` };
    accessSync(d, constants.W_OK);
    return { ok: true, detail: d === resolve(dir) ? `${dir} (writable)` : `${dir} (will be created in ${d})` };
  } catch {
    return { ok: false, detail: `${d} is not writable: set AEGIS_STATE_DIR or stateDir to a writable folder` };
  }
}

/** Which config files are in force, highest priority first. */
function configFiles(io: CliIo, file: string | undefined): string[] {
  const home = io.env.HOME || homedir();
  const out: string[] = [];
  if (file) out.push(resolve(io.cwd, file));
  for (const f of [join(io.cwd, 'aegis.config.json'), join(home, '.aegis', 'config.json')])
    if (existsSync(f)) out.push(f);
  return out;
}

/** `doctor`: tmux, Claude Code, config, port/server, state dir, Claude config dir. */
export async function doctor(io: CliIo, o: { config?: string; claudeBin?: string }): Promise<DoctorReport> {
  const checks: Check[] = [];
  const env = io.env;
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  checks.push({
    name: 'node',
    ok: major > 20 || (major === 20 && minor >= 19),
    required: true,
    detail: `${process.versions.node} (needs >= 20.19)`,
  });

  let config: Config;
  const files = configFiles(io, o.config);
  try {
    config = await localConfig(io, o.config);
    if (o.claudeBin) config = { ...config, claudeBin: o.claudeBin };
    checks.push({
      name: 'config',
      ok: true,
      required: true,
      detail: files.length ? files.join(', ') : 'no file: environment and defaults',
    });
  } catch (e) {
    checks.push({ name: 'config', ok: false, required: true, detail: (e as Error).message });
    const claudeBin = o.claudeBin ?? env.AEGIS_CLAUDE_BIN;
    config = parseConfig(claudeBin ? { claudeBin } : {});
  }

  const tmux = await tmuxVersion(env);
  checks.push({
    name: 'tmux',
    ok: tmux !== null,
    required: true,
    detail: tmux ?? 'not found on PATH: Aegis runs Claude Code inside tmux (apt-get install tmux)',
  });

  let claudePath: string | null = null;
  try {
    claudePath = resolveClaudeBinary(config.claudeBin, env.PATH);
  } catch {
    claudePath = null;
  }
  if (claudePath) {
    const v = await defaultVersionProbe(claudePath, env as Record<string, string>);
    checks.push({
      name: 'claude',
      ok: v !== null,
      required: true,
      detail: v ? `${v} (${claudePath})` : `${claudePath} does not answer --version`,
    });
  } else {
    const where = config.claudeBin.includes('/')
      ? `${config.claudeBin} is not an executable file`
      : `${JSON.stringify(config.claudeBin)} is not on PATH`;
    checks.push({
      name: 'claude',
      ok: false,
      required: true,
      detail: `Claude Code not found: ${where}; install it (npm install -g @anthropic-ai/claude-code) or set AEGIS_CLAUDE_BIN`,
    });
  }

  const probeHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  const url = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${config.port}`;
  const h = config.port === 0 ? null : await health(url);
  if (h)
    checks.push({
      name: 'server',
      ok: true,
      required: true,
      detail: `an Aegis server answers at ${url} (${h.status}${h.version ? `, ${h.version}` : ''})`,
    });
  else if (config.port === 0 || (await portFree(config.host, config.port)))
    checks.push({
      name: 'server',
      ok: true,
      required: true,
      detail: `port ${config.port} on ${config.host} is free (no server running)`,
    });
  else
    checks.push({
      name: 'server',
      ok: false,
      required: true,
      detail: `port ${config.port} on ${config.host} is taken by something that is not an Aegis server: set AEGIS_PORT`,
    });

  const w = writable(config.stateDir);
  checks.push({ name: 'stateDir', ok: w.ok, required: true, detail: w.detail });

  if (config.webhooks.length > 0) {
    const file = webhookSecretFile(config.stateDir);
    const where = env.AEGIS_WEBHOOK_SECRET
      ? 'AEGIS_WEBHOOK_SECRET (from the environment)'
      : existsSync(file)
        ? `the generated secret in ${file}`
        : `a secret generated at the first start, kept in ${file}`;
    checks.push({ name: 'webhookSecret', ok: true, required: false, detail: `webhooks are signed with ${where}` });
  }

  const cc = claudeConfigDir(env, env.HOME || homedir());
  const ccOk = existsSync(cc);
  checks.push({
    name: 'claudeConfigDir',
    ok: ccOk,
    required: false,
    detail: ccOk ? cc : `${cc} does not exist yet (Claude Code creates it on first run; log in with \`claude\`)`,
  });

  return { ok: checks.every((c) => c.ok || !c.required), checks };
}

export function doctorText(r: DoctorReport): string {
  const rows = r.checks.map((c) => [c.ok ? 'ok' : c.required ? 'FAIL' : 'warn', c.name, c.detail]);
  const failed = r.checks.filter((c) => !c.ok && c.required).map((c) => c.name);
  return (
    table(['', 'CHECK', 'DETAIL'], rows) +
    (r.ok ? 'all required checks passed\n' : `missing or broken: ${failed.join(', ')}\n`)
  );
}
