import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  DEFAULT_TEXT,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(PKG, 'dist', 'main.js');
/** The REST server's program, for the HTTP backend (a devDependency; spawned, never imported). */
const SERVER_MAIN = join(
  dirname(createRequire(import.meta.url).resolve('@aegis/server/package.json')),
  'dist',
  'main.js',
);
/** Per request: wait_for_state may block for up to its own timeout. */
const REQUEST = { timeout: 120_000 };
const TOKEN = 'mcp-e2e-token-0123456789';

const created: string[] = [];
async function temp(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  created.push(dir);
  return dir;
}

beforeAll(() => {
  // The test drives the built program (`node dist/main.js`), so build it from the current sources first.
  execFileSync(process.execPath, [join(PKG, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--silent'], {
    cwd: PKG,
    stdio: 'inherit',
  });
}, 120_000);
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Kills the test's tmux server and removes its socket file (tmux leaves it behind). */
async function killTmux(socket: string): Promise<void> {
  await new Promise<void>((resolve) =>
    execFile('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], () => resolve()),
  );
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

/** Starts `node apps/server/dist/main.js` on an ephemeral port; resolves with its URL. */
function startServer(env: Record<string, string>, cwd: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_MAIN], {
      env: { ...env, AEGIS_PORT: '0', AEGIS_HOST: '127.0.0.1', AEGIS_AUTH_TOKEN: TOKEN },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content?: unknown };
const BACKENDS = ['embedded', 'http'] as const;

describe.each(CLAUDE_VERSIONS)('aegis-mcp over stdio, Claude Code %s', (version) => {
  describe.each(BACKENDS)('%s backend', (backend) => {
    const socket = `aegis-test-mcp-${backend}-${version.replace(/\./g, '_')}-${process.pid}`;
    let fake: FakeModel;
    let client: Client;
    let server: ChildProcess | undefined;
    let stderr = '';

    beforeAll(async () => {
      fake = await startFakeModel();
      const configDir = await createClaudeConfigDir({ version });
      created.push(configDir);
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AEGIS_')) env[k] = v;
      Object.assign(env, claudeEnv({ modelUrl: fake.url, configDir }), {
        AEGIS_CLAUDE_BIN: claudeBinary(version),
        AEGIS_STATE_DIR: await temp('aegis-mcp-state-'),
        AEGIS_TMUX_SOCKET: socket,
      });
      let mcpEnv: Record<string, string>;
      if (backend === 'http') {
        const s = await startServer(env, await temp('aegis-mcp-server-cwd-'));
        server = s.child;
        mcpEnv = { ...env, AEGIS_URL: s.url, AEGIS_AUTH_TOKEN: TOKEN, AEGIS_MCP_BACKEND: 'http' };
      } else {
        mcpEnv = { ...env, AEGIS_MCP_BACKEND: 'embedded' }; // never a server that happens to run on this machine
      }
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [MAIN],
        env: mcpEnv,
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      client = new Client({ name: 'aegis-mcp-e2e', version: '0.0.0' });
      await client.connect(transport);
    });
    afterAll(async () => {
      await client?.close();
      if (server && server.exitCode === null) {
        const exited = new Promise((r) => server!.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      await killTmux(socket);
      await fake?.close();
    });

    async function call(name: string, args: Record<string, unknown>): Promise<Result> {
      const r = (await client.callTool({ name, arguments: args }, undefined, REQUEST)) as Result;
      expect(r.isError, `${name}: ${JSON.stringify(r.content)}\nstderr: ${stderr}`).toBeFalsy();
      return r;
    }
    const sc = (r: Result) => r.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

    it('lists 24 tools with input schemas, 4 resources and 3 prompts', async () => {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThanOrEqual(24);
      for (const t of tools) expect(t.inputSchema.type, t.name).toBe('object');
      const fixed = (await client.listResources()).resources.map((r) => r.uri);
      const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect([...fixed, ...templates].sort()).toEqual([
        'aegis://health',
        'aegis://sessions',
        'aegis://sessions/{id}/pane',
        'aegis://sessions/{id}/transcript',
      ]);
      expect((await client.listPrompts()).prompts).toHaveLength(3);
      expect(sc(await call('server_health', {}))).toMatchObject({ status: 'ok', backend });
    });

    it('creates a session, reads the reply, approves a Bash prompt, kills it', async () => {
      const workDir = await temp('aegis-mcp-work-');
      const id = sc(await call('create_session', { workDir, permissionMode: 'default', reuse: false })).session
        .id as string;
      expect(sc(await call('wait_for_state', { sessionId: id, states: ['idle'], timeoutMs: 60_000 }))).toMatchObject({
        reached: true,
        status: 'idle',
      });

      const updated: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
      await client.subscribeResource({ uri: `aegis://sessions/${id}/transcript` });

      expect(sc(await call('send_message', { sessionId: id, text: 'hello from mcp', wait: true }))).toMatchObject({
        delivered: true,
      });
      expect(sc(await call('wait_for_state', { sessionId: id, states: ['idle'], timeoutMs: 60_000 })).reached).toBe(
        true,
      );
      // Claude Code flushes its JSONL shortly after the fact
      await expect
        .poll(
          async () =>
            (
              sc(await call('get_transcript', { sessionId: id, kinds: ['assistant_text'] })).entries as {
                text: string;
              }[]
            ).map((e) => e.text),
          { timeout: 20_000 },
        )
        .toContain(DEFAULT_TEXT);
      await expect.poll(() => updated, { timeout: 20_000 }).toContain(`aegis://sessions/${id}/transcript`);

      await call('send_message', { sessionId: id, text: 'KWBASH please', wait: true });
      const waiting = sc(
        await call('wait_for_state', { sessionId: id, states: ['permission_prompt'], timeoutMs: 60_000 }),
      );
      expect(waiting).toMatchObject({
        reached: true,
        status: 'permission_prompt',
        pendingPrompt: { kind: 'permission_prompt' },
      });
      expect(sc(await call('approve_permission', { sessionId: id, promptId: waiting.pendingPrompt.id }))).toMatchObject(
        { sent: true, action: 'approve' },
      );
      expect(sc(await call('wait_for_state', { sessionId: id, states: ['idle'], timeoutMs: 60_000 })).reached).toBe(
        true,
      );
      await expect.poll(() => existsSync(join(workDir, 'out.txt')), { timeout: 20_000 }).toBe(true);

      await expect
        .poll(
          async () =>
            ((await client.readResource({ uri: `aegis://sessions/${id}/pane` })).contents[0] as { text: string }).text,
          { timeout: 20_000 },
        )
        .toContain('Done running the command.');
      const shot = (await call('screenshot', { sessionId: id })).content as {
        type: string;
        mimeType: string;
        data: string;
      }[];
      expect(shot[0]).toMatchObject({ type: 'image', mimeType: 'image/png' });
      expect(Buffer.from(shot[0]!.data, 'base64').subarray(1, 4).toString()).toBe('PNG');

      await call('kill_session', { sessionId: id });
      expect(sc(await call('get_session', { sessionId: id })).session).toMatchObject({
        status: 'exited',
        endReason: 'killed',
      });
      const again = (await client.callTool({
        name: 'send_message',
        arguments: { sessionId: id, text: 'too late' },
      })) as Result;
      expect(again.isError).toBe(true);
      expect(sc(again).error.code).toBe('SESSION_EXITED');
    });
  });
});
