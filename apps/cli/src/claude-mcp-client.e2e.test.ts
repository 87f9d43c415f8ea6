// A client nobody here wrote: the real Claude Code loads `aegis-bridge mcp` from `--mcp-config`, and the scripted
// model makes it call Aegis's tools. Claude runs in print mode (`-p`): the MCP client is the same, and print mode has
// no startup dialogs to answer.
import { execFile, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeRequest,
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  text,
  toolUse,
  type FakeModel,
  killTmuxServer,
} from '@aegis/testkit';
import { serveConfigFile, BIN, startServe } from './testing/run-cli.js';
const TOKEN = 'claude-mcp-client-token';
const KEYWORD = 'KWAEGISMCP';

interface Session {
  id: string;
  workDir: string;
  status: string;
}

describe.each(CLAUDE_VERSIONS)('Claude Code %s as an MCP client of aegis-bridge mcp', (version) => {
  const socket = `aegis-test-cli-mcpc-${process.pid}-${version.replaceAll('.', '')}`;
  let fake: FakeModel;
  let serve: ChildProcess;
  let url: string;
  let claudeProcessEnv: Record<string, string | undefined>;
  let configDir: string;

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(url + path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    fake = await startFakeModel();
    configDir = await createClaudeConfigDir({ version });
    const home = await tempDir('aegis-cli-mcpc-home-');
    claudeProcessEnv = { PATH: process.env.PATH, HOME: home, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    const configFile = await serveConfigFile({ prefix: 'aegis-cli-mcpc', version, socket, token: TOKEN });
    ({ child: serve, url } = await startServe(configFile, claudeProcessEnv));
  });
  afterAll(async () => {
    if (serve && serve.exitCode === null) serve.kill('SIGKILL');
    killTmuxServer(socket);
    await fake?.close();
  });

  it('calls mcp__aegis__list_sessions and mcp__aegis__create_session; a second Claude session appears', async () => {
    const first = await api<{ id: string }>('/v1/sessions', {
      method: 'POST',
      body: { workDir: await tempDir('aegis-cli-mcpc-first-') },
    });
    const secondDir = await tempDir('aegis-cli-mcpc-second-');
    fake.script((ctx) => {
      if (!ctx.humanText?.includes(KEYWORD)) return undefined;
      if (ctx.step === 0)
        return toolUse('Listing sessions.', { type: 'tool_use', name: 'mcp__aegis__list_sessions', input: {} });
      if (ctx.step === 1)
        return toolUse('Creating one.', {
          type: 'tool_use',
          name: 'mcp__aegis__create_session',
          input: { workDir: secondDir, reuse: false },
        });
      return text('Both calls done.');
    });

    const mcpConfig = join(await tempDir('aegis-cli-mcpc-mcp-'), 'mcp.json');
    await writeFile(
      mcpConfig,
      JSON.stringify({
        mcpServers: {
          aegis: {
            type: 'stdio',
            command: process.execPath,
            args: [BIN, 'mcp'],
            env: { AEGIS_URL: url, AEGIS_AUTH_TOKEN: TOKEN, AEGIS_MCP_BACKEND: 'http' },
          },
        },
      }),
    );
    const outer = await runClaude(
      claudeBinary(version),
      [
        '-p',
        `${KEYWORD}: list the Aegis sessions, then start one`,
        '--mcp-config',
        mcpConfig,
        '--strict-mcp-config',
        '--allowedTools',
        'mcp__aegis__list_sessions,mcp__aegis__create_session',
        '--output-format',
        'json',
      ],
      claudeProcessEnv,
      await tempDir('aegis-cli-mcpc-outer-'),
    );
    expect(outer.code, outer.stderr + outer.stdout).toBe(0);
    expect(JSON.parse(outer.stdout)).toMatchObject({ is_error: false, result: 'Both calls done.' });

    const turn = fake.requests.filter((r) => r.humanText?.includes(KEYWORD));
    // Claude offered Aegis's tools to the model: as tools (2.1.197), or named as deferred tools (2.1.331 loads MCP tools
    // on demand through ToolSearch, yet a direct call works).
    expect(JSON.stringify(turn[0]!.body)).toContain('mcp__aegis__wait_for_state');
    const steps = turn.map((r) => analyzeRequest(r.body));
    const [listed, created] = steps
      .flatMap((r) => r.toolResults)
      .filter((r, i, all) => all.findIndex((x) => x.toolUseId === r.toolUseId) === i);
    expect(listed).toMatchObject({ isError: false });
    expect(listed!.text).toContain(first.id);
    expect(created).toMatchObject({ isError: false });

    const { sessions } = await api<{ sessions: Session[] }>('/v1/sessions');
    expect(sessions).toHaveLength(2);
    const second = sessions.find((s) => s.id !== first.id)!;
    expect(created!.text).toContain(second.id);
    await expect
      .poll(async () => (await api<Session>(`/v1/sessions/${second.id}`)).status, { timeout: 60_000, interval: 250 })
      .toBe('idle');
  });
});

function runClaude(
  bin: string,
  args: string[],
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { env: env as NodeJS.ProcessEnv, cwd, timeout: 120_000, maxBuffer: 8 << 20 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
