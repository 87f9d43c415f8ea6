import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, DEFAULT_TEXT, type FakeModel, killTmuxServer } from '@aegis/testkit';
import type { RunningServer } from '@aegis/server';
import { BIN, cli, newest, startCli, tmuxWindows } from './testing/run-cli.js';
import { cliSessions, startRealServer, stopRealServer, type Env, type RealServer } from './testing/real-server.js';

const TOKEN = 'cli-e2e-token';
const version = newest(CLAUDE_VERSIONS);

describe(`aegis-bridge client commands against a real server (Claude Code ${version})`, () => {
  const socket = `aegis-test-cli-${process.pid}`;
  let real: RealServer | undefined;
  let fake: FakeModel;
  let server: RunningServer;
  let env: Env;
  const { until, create } = cliSessions(() => env);

  beforeAll(async () => {
    real = await startRealServer({ version, socket, token: TOKEN });
    ({ fake, server, env } = real);
  });
  afterAll(() => stopRealServer(real, socket));

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
      killTmuxServer(outer);
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
