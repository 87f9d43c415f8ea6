/** Pinned Claude Code installs in a cache folder, one npm prefix per version. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PACKAGE = '@anthropic-ai/claude-code';
const VERSION_RE = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export type ClaudeInstallErrorCode = 'CLAUDE_NOT_INSTALLED' | 'CLAUDE_INSTALL_FAILED' | 'CLAUDE_BAD_VERSION';

export class ClaudeInstallError extends Error {
  constructor(
    readonly code: ClaudeInstallErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClaudeInstallError';
  }
}

export interface InstallOptions {
  /** Default: `$AEGIS_CLAUDE_CACHE` or `~/.cache/aegis/claude-code`. */
  cacheDir?: string;
}

/** `$AEGIS_CLAUDE_CACHE` or `~/.cache/aegis/claude-code`. */
export function defaultClaudeCacheDir(): string {
  return resolve(process.env.AEGIS_CLAUDE_CACHE || join(homedir(), '.cache', 'aegis', 'claude-code'));
}

function checkVersion(version: string): void {
  if (!VERSION_RE.test(version))
    throw new ClaudeInstallError('CLAUDE_BAD_VERSION', `not an exact Claude Code version: ${JSON.stringify(version)}`);
}

function platformPackage(): string {
  const musl =
    process.platform === 'linux' &&
    !(process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
      ?.glibcVersionRuntime;
  return `${PACKAGE}-${process.platform}-${process.arch}${musl ? '-musl' : ''}`;
}

/** Where the binary of a version lives (or would live): the wrapper's `bin/claude.exe`, else the platform package's binary. */
function candidates(version: string, cacheDir: string): string[] {
  const modules = join(resolve(cacheDir), version, 'node_modules');
  const exe = process.platform === 'win32' ? 'claude.exe' : 'claude';
  return [join(modules, PACKAGE, 'bin', 'claude.exe'), join(modules, platformPackage(), exe)];
}

async function reportedVersion(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(binary, ['--version'], {
      timeout: 30_000,
      env: { ...process.env, DISABLE_AUTOUPDATER: '1' },
    });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function workingBinary(version: string, cacheDir: string): Promise<string | undefined> {
  for (const bin of candidates(version, cacheDir)) {
    if (!existsSync(bin)) continue;
    const printed = await reportedVersion(bin);
    if (printed?.startsWith(version + ' ') || printed === version) return bin;
  }
  return undefined;
}

/**
 * Installs `@anthropic-ai/claude-code@<version>` into `<cacheDir>/<version>` (idempotent: nothing happens when the
 * binary is there and prints that version) and returns the absolute path of the native binary.
 */
export async function installClaude(version: string, options: InstallOptions = {}): Promise<string> {
  checkVersion(version);
  const cacheDir = options.cacheDir ?? defaultClaudeCacheDir();
  const ready = await workingBinary(version, cacheDir);
  if (ready) return ready;
  const prefix = join(resolve(cacheDir), version);
  mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    await run(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', `${PACKAGE}@${version}`], {
      timeout: 10 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new ClaudeInstallError(
      'CLAUDE_INSTALL_FAILED',
      `npm install ${PACKAGE}@${version} failed: ${e.stderr?.trim() || e.message}`,
    );
  }
  const bin = await workingBinary(version, cacheDir);
  if (!bin)
    throw new ClaudeInstallError(
      'CLAUDE_INSTALL_FAILED',
      `${PACKAGE}@${version} installed in ${prefix} but no binary prints version ${version}`,
    );
  return bin;
}

/**
 * The installed binary of a version, without running anything (use in tests). Throws `CLAUDE_NOT_INSTALLED` with
 * the command to run when it is missing.
 */
export function claudeBinary(version: string, options: InstallOptions = {}): string {
  checkVersion(version);
  const cacheDir = options.cacheDir ?? defaultClaudeCacheDir();
  const found = candidates(version, cacheDir).find((p) => existsSync(p));
  if (found) return found;
  throw new ClaudeInstallError(
    'CLAUDE_NOT_INSTALLED',
    `Claude Code ${version} is not installed in ${cacheDir}. Run: pnpm --filter @aegis/testkit install-claude`,
  );
}
