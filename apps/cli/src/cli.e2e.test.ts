import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAUDE_VERSIONS,
  DEFAULT_TEXT,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';
import { parseConfig, startServer, type RunningServer } from '@aegis/server';
import { BIN, cli, killTmux, newest, startCli, tmuxWindows } from './test-support.js';

const TOKEN = 'cli-e2e-token';
const version = newest(CLAUDE_VERSIONS);

describe(`aegis-bridge client commands against a real server (Claude Code ${version})`, () => {
  const socket = `aegis-test-cli-${process.pid}`;
  let fake: FakeModel;
  let server: RunningServer;
  let env: Record<string, string | undefined>;

  const status = async (id: string) => (await cli(['show', id, '--json'], env)).json().status as string;
  const until = async (id: string, want: string, timeout = 60_000) => {
    try {
      await expect.poll(() => status(id), { timeout, interval: 250 }).toBe(want);
    } catch (e) {
      const pane = (await cli(['show', id, '--pane'], env)).stdout;
      throw new Error(`session ${id} never became ${want}; pane:\n${pane}`, { cause: e });
    }
  };
  const create = async (prompt: string | null, extra: string[] = []) => {
    const workDir = await tempDir('aegis-cli-wd-');
    const r = await cli(['create', workDir, ...(prompt ? [prompt] : []), '--no-reuse', '--json', ...extra], env);
    expect(r.code, r.stderr).toBe(0);
    return {
      workDir,
      session: r.json() as {
        id: string;
        windowId: string;
        status: string;
        reused: boolean;
        promptDelivery: { delivered: boolean } | null;
      },
    };
  };

  beforeAll(async () => {
    fake = await startFakeModel();
    const configDir = await createClaudeConfigDir({ version });
    const stateDir = await tempDir('aegis-cli-state-');
    const serverEnv = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    server = await startServer(
      parseConfig({
        port: 0,
        host: '127.0.0.1',
        stateDir,
        tmuxSocket: socket,
        claudeBin: claudeBinary(version),
        authToken: TOKEN,
        promptWaitMs: 60_000,
      }),
      { env: serverEnv, logger: false, warn: () => undefined },
    );
    env = {
      PATH: process.env.PATH,
      HOME: await tempDir('aegis-cli-home-'),
      AEGIS_URL: server.url,
      AEGIS_AUTH_TOKEN: TOKEN,
      AEGIS_TMUX_SOCKET: socket,
    };
  });
  afterAll(async () => {
    await server?.manager.shutdown({ killSessions: true }).catch(() => undefined);
    await server?.close();
    killTmux(socket);
    await fake?.close();
  });

  it('--version and --help', async () => {
    expect((await cli(['--version'], env)).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await cli(['--help'], env);
    expect(help.code).toBe(0);
    for (const c of [
      'serve',
      'mcp',
      'create',
      'ls',
      'show',
      'send',
      'read',
      'approve',
      'reject',
      'answer',
      'interrupt',
      'kill',
      'attach',
      'doctor',
      'pipeline',
    ])
      expect(help.stdout).toContain(c);
    expect((await cli(['read', '--help'], env)).stdout).toContain('--follow');
  });

  it('create with a prompt, ls, show, send from stdin, read (JSON and tables)', async () => {
    const { workDir, session } = await create('hello from the cli');
    expect(session).toMatchObject({ reused: false, promptDelivery: { delivered: true } });
    const id = session.id;
    await until(id, 'idle');

    const ls = await cli(['ls', '--json'], env);
    expect(ls.json().sessions.map((s: { id: string }) => s.id)).toContain(id);
    const table = await cli(['ls'], env);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+STATUS/);
    expect(table.stdout).toContain(id);
    expect(table.stdout).toContain(workDir);
    expect((await cli(['show', id], env)).stdout).toMatch(/status\s+idle/);
    expect((await cli(['show', id, '--pane'], env)).stdout).toContain('fake model');

    const sent = await cli(['send', id, '-', '--json'], env, { stdin: 'a follow-up\nfrom stdin\n' });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.json()).toMatchObject({ delivered: true });
    await until(id, 'idle');
    expect(fake.prompts().map((p) => p.humanText)).toContain('a follow-up\nfrom stdin');

    await expect
      .poll(
        async () =>
          (await cli(['read', id, '--json', '--kinds', 'assistant_text'], env))
            .json()
            .entries.map((e: { text: string }) => e.text),
        { timeout: 15_000 },
      )
      .toEqual([DEFAULT_TEXT, DEFAULT_TEXT]);
    const human = await cli(['read', id], env);
    expect(human.stdout).toContain('> hello from the cli');
    expect(human.stdout).toContain(DEFAULT_TEXT);
  });

  it('read --follow prints the transcript, then live messages and state changes (text and NDJSON)', async () => {
    const { session } = await create(null);
    const id = session.id;
    await until(id, 'idle');
    const text = startCli(['read', id, '--follow'], env);
    const nd = startCli(['read', id, '--follow', '--json'], env);
    await expect.poll(() => text.stdout(), { timeout: 15_000 }).toContain('· status: idle');
    await expect.poll(() => nd.stdout(), { timeout: 15_000 }).toContain('"kind":"state"');
    expect((await cli(['send', id, 'KWSLOW2 follow me'], env)).code).toBe(0);
    await expect
      .poll(() => text.stdout(), { timeout: 60_000 })
      .toMatch(/status: \w+ → working[\s\S]*status: working → idle/);
    await expect.poll(() => text.stdout(), { timeout: 15_000 }).toContain('> KWSLOW2 follow me');
    await expect.poll(() => nd.stdout(), { timeout: 15_000 }).toContain('"to":"idle"');
    text.stop();
    nd.stop();
    expect((await text.done).code).toBe(0);
    const lines = (await nd.done).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; event?: { type: string; data: { to?: string; text?: string } } });
    expect(lines[0]!.kind).toBe('state');
    expect(lines.some((l) => l.event?.type === 'session.status' && l.event.data.to === 'working')).toBe(true);
    expect(lines.some((l) => l.event?.type === 'message.user' && l.event.data.text === 'KWSLOW2 follow me')).toBe(true);

    // a follower stops by itself when the session ends
    const ending = startCli(['read', id, '--follow'], env);
    await expect.poll(() => ending.stdout(), { timeout: 15_000 }).toContain('· status:');
    expect((await cli(['kill', id], env)).stdout).toContain(`killed ${id}`);
    const r = await ending.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('· ended (killed)');
  });

  it("approve runs the Bash command, reject does not; approving again is the server's 409 with its code", async () => {
    for (const action of ['approve', 'reject'] as const) {
      const { workDir, session } = await create(`KWBASH ${action}`);
      await until(session.id, 'permission_prompt');
      expect((await cli(['show', session.id], env)).stdout).toContain(`aegis-bridge approve ${session.id}`);
      const r = await cli([action, session.id, '--json'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json()).toMatchObject({ action, sent: true });
      await until(session.id, 'idle');
      expect(existsSync(join(workDir, 'out.txt'))).toBe(action === 'approve');
      const late = await cli(['approve', session.id, '--json'], env);
      expect(late.code).not.toBe(0);
      expect(JSON.parse(late.stderr).code).toMatch(/NOT_IN_DIALOG|ALREADY_ANSWERED/);
      const lateText = await cli(['approve', session.id], env);
      expect(lateText.stderr).toMatch(/^aegis-bridge: (NOT_IN_DIALOG|ALREADY_ANSWERED): /);
      await cli(['kill', session.id], env);
    }
  });

  it("answer picks an option of Claude's question", async () => {
    const { session } = await create('KWASK please');
    await until(session.id, 'asking');
    const r = await cli(['answer', session.id, 'blue', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ action: 'answer', sent: true });
    await until(session.id, 'idle');
    await expect
      .poll(async () => (await cli(['read', session.id], env)).stdout, { timeout: 15_000 })
      .toMatch(/Thanks for the answer.*Blue/s);
    await cli(['kill', session.id], env);
  });

  it('interrupt stops a slow answer; escape presses Escape', async () => {
    const { session } = await create('KWSLOW20', ['--wait', '0']);
    await until(session.id, 'working');
    const r = await cli(['interrupt', session.id, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ sent: true });
    await until(session.id, 'idle', 30_000);
    const esc = await cli(['escape', session.id], env);
    expect(esc.code, esc.stderr).toBe(0);
    expect(esc.stdout).toContain(`escaped ${session.id}`);
    await cli(['kill', session.id], env);
  });

  it('pipeline create (stdin), ls, show, cancel', async () => {
    const workDir = await tempDir('aegis-cli-pipe-');
    const spec = {
      name: 'cli-pipe',
      workDir,
      stages: [
        { name: 'plan', prompt: 'plan it' },
        { name: 'build', prompt: 'build on: {{stages.plan.lastMessage}}', dependsOn: ['plan'] },
      ],
    };
    const created = await cli(['pipeline', 'create', '-', '--json'], env, { stdin: JSON.stringify(spec) });
    expect(created.code, created.stderr).toBe(0);
    const id = created.json().id as string;
    await expect
      .poll(async () => (await cli(['pipeline', 'show', id, '--json'], env)).json().status, {
        timeout: 120_000,
        interval: 500,
      })
      .toBe('succeeded');
    expect(fake.prompts().map((p) => p.humanText)).toContain(`build on: ${DEFAULT_TEXT}`);
    const shown = await cli(['pipeline', 'show', id], env);
    expect(shown.stdout).toMatch(/status\s+succeeded/);
    expect(shown.stdout).toMatch(/^build\s+succeeded\s+1\s/m);
    const ls = await cli(['pipeline', 'ls'], env);
    expect(ls.stdout).toMatch(new RegExp(`^${id}\\s+cli-pipe\\s+succeeded\\s+2/2`, 'm'));

    const slow = await cli(['pipeline', 'create', '-', '--json'], env, {
      stdin: JSON.stringify({ name: 'slow', workDir, stages: [{ name: 'wait', prompt: 'KWSLOW30 take your time' }] }),
    });
    const slowId = slow.json().id as string;
    await expect
      .poll(async () => (await cli(['pipeline', 'show', slowId, '--json'], env)).json().stages[0].status, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe('running');
    const cancelled = await cli(['pipeline', 'cancel', slowId], env);
    expect(cancelled.stdout).toBe(`cancelled pipeline ${slowId}\n`);
    expect(
      (await cli(['pipeline', 'ls', '--status', 'cancelled', '--json'], env))
        .json()
        .pipelines.map((p: { id: string }) => p.id),
    ).toEqual([slowId]);
    const bad = await cli(['pipeline', 'create', '-'], env, {
      stdin: JSON.stringify({ name: 'x', workDir, stages: [{ name: 'a', prompt: 'x', dependsOn: ['a'] }] }),
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('INVALID_INPUT');
  });

  it('attach runs tmux on Aegis socket with an argument array; kill ends the window; errors print {code, message}', async () => {
    const { session } = await create(null);
    await until(session.id, 'idle');
    expect(tmuxWindows(socket)).toContain(session.windowId);
    const calls: [string, string[]][] = [];
    const att = await cli(['attach', session.id], env, { spawn: async (cmd, args) => (calls.push([cmd, args]), 0) });
    expect(att.code, att.stderr).toBe(0);
    expect(calls).toEqual([['tmux', ['-L', socket, 'attach-session', '-t', session.windowId]]]);

    // For real, in a terminal: the bin attached inside another tmux server (its own test socket) shows Claude's screen.
    const outer = `aegis-test-cli-outer-${process.pid}`;
    try {
      const vars = { AEGIS_URL: server.url, AEGIS_AUTH_TOKEN: TOKEN, AEGIS_TMUX_SOCKET: socket, HOME: env.HOME! };
      const e = Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      execFileSync('tmux', [
        '-L',
        outer,
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-x',
        '120',
        '-y',
        '40',
        ...e,
        '--',
        process.execPath,
        BIN,
        'attach',
        session.id,
        ';',
        'set-option',
        '-g',
        'remain-on-exit',
        'on',
      ]);
      let last = '';
      const screen = () =>
        (last = execFileSync('tmux', ['-L', outer, 'capture-pane', '-p', '-t', '{top-left}'], { encoding: 'utf8' }));
      await expect
        .poll(screen, { timeout: 20_000 })
        .toContain(`Claude Code v${version}`)
        .catch((err: unknown) => {
          throw new Error(`the attached terminal never showed Claude's screen:\n${last}`, { cause: err });
        });
    } finally {
      killTmux(outer);
    }

    const k = await cli(['kill', session.id, '--json'], env);
    expect(k.json()).toEqual({ ok: true });
    expect(tmuxWindows(socket)).not.toContain(session.windowId);
    expect((await cli(['show', session.id, '--json'], env)).json().status).toBe('exited');
    const again = await cli(['kill', session.id, '--json'], env);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr)).toMatchObject({ code: 'SESSION_NOT_FOUND', message: expect.any(String) });
    const exited = await cli(['attach', session.id], env, { spawn: async () => 0 });
    expect(exited.code).toBe(1);
    expect(exited.stderr).toContain('SESSION_EXITED');

    const missing = await cli(['show', 'no-such-session'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^aegis-bridge: SESSION_NOT_FOUND: /);
    const unauth = await cli(['ls', '--json'], { ...env, AEGIS_AUTH_TOKEN: 'wrong' });
    expect(unauth.code).toBe(1);
    expect(JSON.parse(unauth.stderr).code).toBe('UNAUTHORIZED');
    const down = await cli(['ls'], { ...env, AEGIS_URL: 'http://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('SERVER_UNREACHABLE');
  });
});
