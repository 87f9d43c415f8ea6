import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileSystem } from '../io.js';
import type { CommandRunner } from '../command-runner.js';
import type { DoneWhen } from './schema.js';

export interface CheckContext {
  /** The stage's workDir (its realpath). */
  workDir: string;
  /** The stage's last answer. */
  lastMessage: string;
}

export interface CheckResult {
  ok: boolean;
  /** Why it failed (or what passed), in words. */
  reason: string;
}

/** Runs a `doneWhen` check. */
export type DoneChecker = (check: DoneWhen, ctx: CheckContext) => Promise<CheckResult>;

export const MATCH_WINDOW = 20_000;
const DEFAULT_COMMAND_TIMEOUT = 60_000;

/** The real checks: files confined to the workDir, commands as argument arrays with a timeout, bounded regex input. */
export function doneChecker(deps: {
  fs: FileSystem;
  runner: CommandRunner;
  env?: Record<string, string | undefined>;
}): DoneChecker {
  return async (check, ctx) => {
    if ('fileExists' in check) return fileExists(deps.fs, ctx.workDir, check.fileExists);
    if ('command' in check) {
      const timeoutMs = check.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT;
      const r = await deps.runner.run(check.command, {
        cwd: ctx.workDir,
        timeoutMs,
        output: 'ignore',
        ...(deps.env ? { env: deps.env } : {}),
      });
      const name = check.command[0];
      if (r.code === 0 && !r.timedOut) return { ok: true, reason: `${name} exited 0` };
      return {
        ok: false,
        reason: `${name} ${r.error ?? (r.code !== null ? `exited ${r.code}` : `was killed (${r.signal})`)}`,
      };
    }
    let re: RegExp;
    try {
      re = new RegExp(check.lastMessageMatches, check.flags ?? '');
    } catch (e) {
      return { ok: false, reason: `invalid pattern: ${(e as Error).message}` };
    }
    const ok = re.test(ctx.lastMessage.slice(-MATCH_WINDOW));
    return {
      ok,
      reason: ok ? 'the last answer matches' : `the last answer does not match /${check.lastMessageMatches}/`,
    };
  };
}

async function fileExists(fs: FileSystem, workDir: string, path: string): Promise<CheckResult> {
  const wanted = resolve(workDir, path);
  if (!inside(workDir, wanted)) return { ok: false, reason: `${path} is outside the workDir` };
  let real: string;
  try {
    real = await fs.realpath(wanted);
  } catch {
    return { ok: false, reason: `${path} does not exist` };
  }
  // a symlink inside the workDir must not vouch for a file outside it
  if (!inside(await fs.realpath(workDir), real)) return { ok: false, reason: `${path} leads outside the workDir` };
  return { ok: true, reason: `${path} exists` };
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}
