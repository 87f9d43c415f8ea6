/** The fake model against the real Claude Code CLI of every pinned version, in `--print` mode. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeEnv, startFakeModel, tempDir, type FakeModel } from '@aegis/scripted-model';
import { createClaudeConfigDir } from './claude-config.js';
import { claudeBinary } from './install.js';
import { CLAUDE_VERSIONS } from './versions.js';

interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** execFile with an argument array and stdin closed at once (else `-p` waits 3 s for piped input). */
function run(bin: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { ...options, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 });
    });
    child.stdin?.end();
  });
}

function binaryOrSkip(version: string): string | undefined {
  try {
    return claudeBinary(version);
  } catch (err) {
    if (process.env.CI) throw err; // in CI the pinned versions must be installed
    console.warn(`skipping Claude Code ${version} e2e: ${(err as Error).message}`);
    return undefined;
  }
}

describe.each(CLAUDE_VERSIONS.map((v) => [v]))('Claude Code %s --print against the fake model', (version) => {
  const bin = binaryOrSkip(version);
  let fake: FakeModel;
  beforeAll(async () => {
    fake = await startFakeModel();
  });
  afterAll(async () => {
    await fake?.close();
  });

  async function claudePrint(prompt: string, extraArgs: string[] = [], extraEnv: Record<string, string> = {}) {
    const cwd = await tempDir('aegis-e2e-work-');
    const configDir = await createClaudeConfigDir({ trustedDirs: [cwd], version });
    const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir, sandbox: true }), ...extraEnv };
    return { ...(await run(bin!, ['-p', prompt, ...extraArgs], { cwd, env })), cwd };
  }

  it.skipIf(!bin)('prints the reply and sends exactly one prompt with the typed text', async () => {
    const before = fake.requests.length;
    const prompt = 'say hi KWTEST with  two spaces';
    const { stdout, code } = await claudePrint(prompt);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('Hello from the fake model.');
    const prompts = fake.requests.slice(before).filter((r) => r.kind === 'prompt');
    expect(prompts.map((p) => p.humanText)).toEqual([prompt]);
    expect(prompts[0]!.finishedAt).toBeGreaterThanOrEqual(prompts[0]!.at);
  });

  it.skipIf(!bin)('runs a KWBASH tool step (bypassPermissions) and ends with the final text', async () => {
    const before = fake.requests.length;
    const { stdout, cwd } = await claudePrint('please KWBASH now', ['--permission-mode', 'bypassPermissions']);
    expect(stdout.trim()).toBe('Done running the command. Result: "(Bash completed with no output)"');
    expect(await readFile(join(cwd, 'out.txt'), 'utf8')).toBe('hi\n');
    const prompts = fake.requests.slice(before).filter((r) => r.kind === 'prompt');
    expect(prompts.map((p) => p.humanText)).toEqual(['please KWBASH now', 'please KWBASH now']);
  });

  it.skipIf(!bin)('reports a KWERR500 as an API error without retries', async () => {
    const result = await claudePrint('please KWERR500 now', [], { CLAUDE_CODE_MAX_RETRIES: '0' });
    expect(result.stdout + result.stderr).toContain('API Error: 500');
    expect(result.code).not.toBe(0);
  });
});
