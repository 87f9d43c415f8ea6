import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { homedir as osHomedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { TranscriptError } from './errors.js';

/** Longest project folder name before Claude Code cuts it and appends a hash. */
export const MAX_SLUG_LENGTH = 200;

export interface ConfigDirOptions {
  /** Environment to read `CLAUDE_CONFIG_DIR` from. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Home folder. Default: `os.homedir()`. */
  homedir?: string;
}

/** `$CLAUDE_CONFIG_DIR`, else `~/.claude` (NFC-normalised, as Claude Code does). */
export function claudeConfigDir(options: ConfigDirOptions = {}): string {
  const env = options.env ?? process.env;
  return (env.CLAUDE_CONFIG_DIR ?? join(options.homedir ?? osHomedir(), '.claude')).normalize('NFC');
}

/** Claude Code's 32-bit string hash (`h = h*31 + charCode`, over UTF-16 code units). */
export function claudeStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = ((h << 5) - h + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The project folder name for an absolute path: every UTF-16 code unit outside `[a-zA-Z0-9]` becomes `-`
 * (so `é` → `-` and an emoji → `--`); names longer than 200 are cut to 200 and get `-<base36 hash>`.
 * Pure: resolve symlinks first (see {@link resolveProjectPath}).
 */
export function projectSlug(absolutePath: string): string {
  const slug = absolutePath.replace(/[^a-zA-Z0-9]/g, '-');
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  return `${slug.slice(0, MAX_SLUG_LENGTH)}-${Math.abs(claudeStringHash(absolutePath)).toString(36)}`;
}

/** The cwd as Claude Code records it: its realpath, or the path itself when that fails. */
export async function resolveProjectPath(cwd: string): Promise<string> {
  try {
    return await realpath(cwd);
  } catch {
    return cwd;
  }
}

export interface LocateOptions extends ConfigDirOptions {
  /** Claude's config folder. Default: {@link claudeConfigDir}. */
  configDir?: string;
}

/** `<config>/projects`. */
export function projectsDir(options: LocateOptions = {}): string {
  return join(options.configDir ?? claudeConfigDir(options), 'projects');
}

/** `<config>/projects/<slug of realpath(cwd)>`. */
export async function projectDir(cwd: string, options: LocateOptions = {}): Promise<string> {
  return join(projectsDir(options), projectSlug(await resolveProjectPath(cwd)));
}

/**
 * Existing project folders for a cwd: the exact one, plus (for paths over 200 characters, whose hash
 * suffix may differ between Claude Code builds) every folder sharing the cut prefix. Claude Code does the same.
 */
export async function findProjectDirs(cwd: string, options: LocateOptions = {}): Promise<string[]> {
  const root = projectsDir(options);
  const resolved = await resolveProjectPath(cwd);
  const exact = join(root, projectSlug(resolved));
  const found: string[] = [];
  if (await isDir(exact)) found.push(exact);
  const full = resolved.replace(/[^a-zA-Z0-9]/g, '-');
  if (full.length <= MAX_SLUG_LENGTH) return found;
  const prefix = `${full.slice(0, MAX_SLUG_LENGTH)}-`;
  try {
    for (const d of await readdir(root, { withFileTypes: true })) {
      const p = join(root, d.name);
      if (d.isDirectory() && d.name.startsWith(prefix) && p !== exact) found.push(p);
    }
  } catch {
    // no projects folder yet
  }
  return found;
}

const SAFE_ID = /^[A-Za-z0-9_-]+$/;

function checkId(kind: string, id: string): void {
  if (!SAFE_ID.test(id)) {
    throw new TranscriptError('AEGIS_TRANSCRIPT_INVALID_ID', `invalid ${kind} id ${JSON.stringify(id)}`, {
      subject: id,
    });
  }
}

/** `<projectDir>/<sessionId>.jsonl`. Throws `AEGIS_TRANSCRIPT_INVALID_ID` for ids that could escape the folder. */
export function sessionTranscriptPath(projectDirectory: string, sessionId: string): string {
  checkId('session', sessionId);
  return join(projectDirectory, `${sessionId}.jsonl`);
}

/** `<config>/projects/<slug>/<sessionId>.jsonl` for a session started in `cwd`. */
export async function transcriptPath(cwd: string, sessionId: string, options: LocateOptions = {}): Promise<string> {
  return sessionTranscriptPath(await projectDir(cwd, options), sessionId);
}

/** `<session>/subagents` next to a session transcript `<session>.jsonl`. */
export function subagentsDir(sessionTranscript: string): string {
  return join(dirname(sessionTranscript), basename(sessionTranscript, '.jsonl'), 'subagents');
}

/** `<session>/subagents/agent-<agentId>.jsonl`. */
export function subagentTranscriptPath(sessionTranscript: string, agentId: string): string {
  checkId('agent', agentId);
  return join(subagentsDir(sessionTranscript), `agent-${agentId}.jsonl`);
}

/** A subagent transcript and its `agent-<id>.meta.json` (`agentType`, `description`, `toolUseId`, …). */
export interface SubagentInfo {
  agentId: string;
  path: string;
  meta: Record<string, unknown> | null;
}

/** Subagent transcripts of a session, searched recursively under `subagents/` (as Claude Code does). */
export async function listSubagents(sessionTranscript: string): Promise<SubagentInfo[]> {
  const out: SubagentInfo[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let items;
    try {
      items = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of items.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, d.name);
      if (d.isDirectory() && depth < 4) await walk(p, depth + 1);
      else if (d.isFile() && d.name.startsWith('agent-') && d.name.endsWith('.jsonl')) {
        const agentId = d.name.slice('agent-'.length, -'.jsonl'.length);
        out.push({ agentId, path: p, meta: await readMeta(join(dir, `agent-${agentId}.meta.json`)) });
      }
    }
  };
  await walk(subagentsDir(sessionTranscript), 0);
  return out;
}

async function readMeta(path: string): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = JSON.parse(await readFile(path, 'utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A session transcript found in a project folder. */
export interface SessionFile {
  sessionId: string;
  path: string;
  size: number;
  mtimeMs: number;
}

/** Session transcripts of a project folder, most recently modified first. */
export async function listSessions(projectDirectory: string): Promise<SessionFile[]> {
  let names: string[];
  try {
    names = await readdir(projectDirectory);
  } catch {
    return [];
  }
  const out: SessionFile[] = [];
  for (const name of names) {
    if (!name.endsWith('.jsonl')) continue;
    const path = join(projectDirectory, name);
    try {
      const st = await stat(path);
      if (st.isFile())
        out.push({ sessionId: name.slice(0, -'.jsonl'.length), path, size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // vanished meanwhile
    }
  }
  return out.sort((a, b) => b.mtimeMs - a.mtimeMs);
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
