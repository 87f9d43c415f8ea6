import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
  killTmuxServer,
} from '@aegis/testkit';
import { serveConfigFile, BIN, cli, newest, pathWithoutClaude, runBin, startServe } from './testing/run-cli.js';

const TOKEN = 'cli-bin-token';
const version = newest(CLAUDE_VERSIONS);

describe(`the built bin: serve --config, mcp, send -, doctor (Claude Code ${version})`, () => {
  const socket = `aegis-test-cli-bin-${process.pid}`;
  let fake: FakeModel;
  let serverEnv: Record<string, string | undefined>;
  let serve: ChildProcess;
  let serveOutput: () => string;
  let url: string;
  let clientEnv: Record<string, string | undefined>;

  beforeAll(async () => {
    fake = await startFakeModel();
    const configDir = await createClaudeConfigDir({ version });
    const home = await tempDir('aegis-cli-bin-home-');
    serverEnv = { PATH: process.env.PATH, HOME: home, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    const configFile = await serveConfigFile({
      prefix: 'aegis-cli-bin',
      version,
      socket,
      token: TOKEN,
      extra: { promptWaitMs: 60_000 },
    });
    const started = await startServe(configFile, serverEnv);
    serve = started.child;
    url = started.url;
    serveOutput = started.output;
    clientEnv = { PATH: process.env.PATH, HOME: home, AEGIS_URL: url, AEGIS_AUTH_TOKEN: TOKEN };
  });
  afterAll(async () => {
    if (serve && serve.exitCode === null) serve.kill('SIGKILL');
    killTmuxServer(socket);
    await fake?.close();
  });

  it('`--version` and `--help` from the bin', async () => {
    const v = await runBin(['--version'], clientEnv);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await runBin(['--help'], clientEnv)).stdout).toContain('Usage: aegis-bridge');
  });

  it('serve used the --config file: a session runs on its socket; send - reads stdin', async () => {
    expect(serveOutput()).toContain('(bearer token required)');
    const workDir = await tempDir('aegis-cli-bin-wd-');
    const created = await runBin(['create', workDir, 'hello via the bin', '--json'], clientEnv);
    expect(created.code, created.stderr).toBe(0);
    const id = created.json().id as string;
    await expect
      .poll(async () => (await cli(['show', id, '--json'], clientEnv)).json().status, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe('idle');
    const sent = await runBin(['send', id, '-', '--json'], clientEnv, { input: 'piped text\n' });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.json()).toMatchObject({ delivered: true });
    await expect.poll(() => fake.prompts().map((p) => p.humanText), { timeout: 30_000 }).toContain('piped text');
    const ls = await runBin(['ls'], clientEnv);
    expect(ls.stdout).toContain(id);
  });

  it('mcp serves the MCP tools over stdio (through the running server)', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      env: { ...clientEnv, AEGIS_MCP_BACKEND: 'http' } as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'cli-test', version: '0.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(3);
      const names = tools.map((t) => t.name);
      const list = names.find((n) => /list/.test(n) && /session/.test(n));
      expect(list).toBeDefined();
      const r = (await client.callTool({ name: list!, arguments: {} })) as { isError?: boolean };
      expect(r.isError ?? false).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('doctor: all required checks pass with claude and a running server; --json parsed', async () => {
    const port = new URL(url).port;
    const r = await runBin(['doctor', '--json'], {
      ...serverEnv,
      AEGIS_CLAUDE_BIN: claudeBinary(version),
      AEGIS_PORT: port,
      AEGIS_STATE_DIR: await tempDir('aegis-cli-doc-'),
    });
    const report = r.json() as { ok: boolean; checks: { name: string; ok: boolean; detail: string }[] };
    expect(report.ok, r.stdout).toBe(true);
    expect(r.code).toBe(0);
    const by = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(by.tmux!.detail).toMatch(/^tmux \d/);
    expect(by.claude!.detail).toContain(version);
    expect(by.server!.detail).toContain('answers');
    expect(by.stateDir!.ok).toBe(true);
    expect(by.claudeConfigDir!.ok).toBe(true);
  });

  it('doctor without claude on PATH (and no AEGIS_CLAUDE_BIN) exits non-zero and says why', async () => {
    const env = {
      PATH: pathWithoutClaude(process.env.PATH),
      HOME: await tempDir('aegis-cli-doc-home-'),
      AEGIS_PORT: '0',
    };
    const r = await runBin(['doctor', '--json'], env);
    expect(r.code).toBe(1);
    const report = r.json() as {
      ok: boolean;
      checks: { name: string; ok: boolean; required: boolean; detail: string }[];
    };
    expect(report.ok).toBe(false);
    const claude = report.checks.find((c) => c.name === 'claude')!;
    expect(claude).toMatchObject({ ok: false, required: true });
    expect(claude.detail).toMatch(/not found.*AEGIS_CLAUDE_BIN/);
    const text = await runBin(['doctor'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAIL\s+claude/);
    expect(text.stdout).toContain('missing or broken: claude');
  });

  it('serve stops on SIGTERM and leaves the sessions running', async () => {
    const exited = new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(serveOutput()).toContain('shutting down');
  });
});
