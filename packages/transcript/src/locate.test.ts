import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claudeConfigDir,
  claudeStringHash,
  findProjectDirs,
  listSessions,
  listSubagents,
  projectDir,
  projectSlug,
  sessionTranscriptPath,
  subagentTranscriptPath,
  transcriptPath,
} from './locate.js';

describe('projectSlug', () => {
  it.each([
    ['/home/user/project', '-home-user-project'],
    ['/home/user/project-hooks', '-home-user-project-hooks'],
    ['/srv/my.app/v1.2', '-srv-my-app-v1-2'],
    ['/srv/snake_case_dir', '-srv-snake-case-dir'],
    ['/Users/Jane Doe/My Project', '-Users-Jane-Doe-My-Project'],
    ['/home/josé/café', '-home-jos--caf-'],
    ['/home/u/日本語', '-home-u----'],
    ['/home/u/rocket🚀', '-home-u-rocket--'], // an emoji is two UTF-16 code units → two dashes
    ['C:\\Users\\x', 'C--Users-x'],
  ])('%s → %s', (path, slug) => {
    expect(projectSlug(path)).toBe(slug);
  });

  it('uses Claude Code’s string hash', () => {
    expect(claudeStringHash('abc')).toBe(96354);
    expect(claudeStringHash('')).toBe(0);
  });

  it('cuts paths over 200 characters and appends a base36 hash of the original path', () => {
    const long = `/home/user/${'deep/'.repeat(50)}project`;
    const slug = projectSlug(long);
    const hash = Math.abs(claudeStringHash(long)).toString(36);
    expect(slug).toBe(`${long.replace(/[^a-zA-Z0-9]/g, '-').slice(0, 200)}-${hash}`);
    expect(projectSlug(`${long}2`)).not.toBe(slug);
    expect(projectSlug('/x'.repeat(100))).toBe('-x'.repeat(100)); // exactly 200: untouched
  });

  it('matches the folder names of the real captures', () => {
    // README: the runs used /home/user/project* as cwd and wrote -home-user-project*
    expect(projectSlug('/home/user/project')).toBe('-home-user-project');
  });
});

describe('config dir and paths', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aegis-transcript-locate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    expect(claudeConfigDir({ env: { CLAUDE_CONFIG_DIR: '/cfg' } })).toBe('/cfg');
    expect(claudeConfigDir({ env: {}, homedir: '/home/u' })).toBe('/home/u/.claude');
  });

  it('resolves a symlinked cwd to its real path', async () => {
    const real = join(dir, 'réal dir.project_🚀');
    mkdirSync(real);
    const link = join(dir, 'link');
    symlinkSync(real, link);
    const configDir = join(dir, 'cfg');
    const viaLink = await projectDir(link, { configDir });
    expect(viaLink).toBe(
      join(configDir, 'projects', projectSlug(await import('node:fs/promises').then((f) => f.realpath(real)))),
    );
    expect(viaLink).toBe(await projectDir(real, { configDir }));
    expect(viaLink.endsWith('-r-al-dir-project---')).toBe(true);
    expect(await transcriptPath(link, 'aaaaaaaa-1111-4111-8111-000000000001', { configDir })).toBe(
      join(viaLink, 'aaaaaaaa-1111-4111-8111-000000000001.jsonl'),
    );
  });

  it('keeps a cwd that does not exist as given', async () => {
    expect(await projectDir('/no/such/dir.x', { configDir: '/cfg' })).toBe('/cfg/projects/-no-such-dir-x');
  });

  it('rejects ids that could escape the folder', () => {
    expect(() => sessionTranscriptPath('/p', '../../etc/passwd')).toThrow(
      expect.objectContaining({ code: 'AEGIS_TRANSCRIPT_INVALID_ID' }),
    );
    expect(() => subagentTranscriptPath('/p/s.jsonl', 'a/b')).toThrow(
      expect.objectContaining({ code: 'AEGIS_TRANSCRIPT_INVALID_ID' }),
    );
    expect(subagentTranscriptPath('/p/s.jsonl', 'a4d4')).toBe('/p/s/subagents/agent-a4d4.jsonl');
  });

  it('finds long-path project folders by their cut prefix, whatever their hash', async () => {
    const cwd = `/w/${'segment/'.repeat(30)}end`;
    const configDir = join(dir, 'cfg');
    const cut = cwd.replace(/[^a-zA-Z0-9]/g, '-').slice(0, 200);
    mkdirSync(join(configDir, 'projects', `${cut}-oldhash`), { recursive: true });
    mkdirSync(join(configDir, 'projects', projectSlug(cwd)), { recursive: true });
    const found = await findProjectDirs(cwd, { configDir });
    expect(found).toEqual([
      join(configDir, 'projects', projectSlug(cwd)),
      join(configDir, 'projects', `${cut}-oldhash`),
    ]);
  });

  it('lists sessions and subagents without touching them', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const fixture = resolve(
      here,
      '../../../fixtures/claude-code/2.1.197/jsonl/session-b-questions-plan-interrupt-errors-compact',
    );
    const project = join(dir, 'project');
    cpSync(fixture, project, { recursive: true });
    writeFileSync(join(project, 'notes.txt'), 'not a transcript');
    const before = readdirSync(project, { recursive: true }).sort();
    const mtime = statSync(join(project, 'aaaaaaaa-2222-4222-8222-000000000002.jsonl')).mtimeMs;

    const sessions = await listSessions(project);
    expect(sessions.map((s) => s.sessionId)).toEqual(['aaaaaaaa-2222-4222-8222-000000000002']);
    const agents = await listSubagents(sessions[0]!.path);
    expect(agents).toEqual([
      {
        agentId: 'a4d4897693418b4a0',
        path: join(project, 'aaaaaaaa-2222-4222-8222-000000000002/subagents/agent-a4d4897693418b4a0.jsonl'),
        meta: expect.objectContaining({ agentType: 'general-purpose', spawnDepth: 1 }),
      },
    ]);
    expect(readdirSync(project, { recursive: true }).sort()).toEqual(before);
    expect(statSync(join(project, 'aaaaaaaa-2222-4222-8222-000000000002.jsonl')).mtimeMs).toBe(mtime);
    expect(await listSessions(join(dir, 'missing'))).toEqual([]);
    expect(await listSubagents(join(dir, 'missing.jsonl'))).toEqual([]);
  });
});
