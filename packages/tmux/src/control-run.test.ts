import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeArg } from './args.js';
import { ControlConnection } from './control.js';
import { createTmuxDriver } from './driver.js';
import { isTmuxError } from './errors.js';
import { createNodeProcessRunner, type ProcessRunner } from './runner.js';
import { killTestServer, makeTempDir, testSocket, tmuxRaw, waitFor } from './testing/wait.js';

// Commands over the attached control-mode client (one quoted line each) instead of a tmux client process each.
const socketName = testSocket('control-run');
const spawned: string[][] = [];
const real = createNodeProcessRunner();
const runner: ProcessRunner = {
  run: (file, args, options) => {
    spawned.push([...args]);
    return real.run(file, args, options);
  },
};
const driver = createTmuxDriver({ socketName, sessionName: 'ctl', runner });
let temp: { dir: string; cleanup: () => Promise<void> };
let conn: ControlConnection;
let unwatch: () => void;

beforeAll(async () => {
  temp = await makeTempDir('control-run');
  const keep = await driver.createWindow({
    name: 'keep',
    cwd: temp.dir,
    command: ['sleep', '600'],
    width: 80,
    height: 24,
  });
  unwatch = await driver.watch(keep.id, () => {});
  conn = new ControlConnection({
    file: 'tmux',
    baseArgs: ['-u', '-L', socketName, '-f', '/dev/null'],
    session: 'ctl',
    initCommands: [],
    onNotification: () => {},
    onClose: () => {},
    startTimeoutMs: 5000,
  });
  await conn.start();
});
afterAll(async () => {
  conn.stop();
  unwatch();
  driver.close();
  await killTestServer(socketName);
  await temp.cleanup();
});

/** Deterministic pseudo-random strings over quotes, parser specials, control characters and wide characters. */
function samples(n: number): string[] {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const specials = `'"\\;$~#{}%- `;
  const out = ["it's", 'a;', 'a\\;', ';', '~/x', '$HOME', '#{pane_id}', '{', '}', '%end 1 2 1', '--', '\u001b[1m'];
  for (let i = 0; i < n; i++) {
    let s = '';
    for (let j = 1 + Math.floor(rnd() * 24); j > 0; j--) {
      const r = rnd();
      if (r < 0.25) s += String.fromCharCode(1 + Math.floor(rnd() * 127));
      else if (r < 0.5) s += specials[Math.floor(rnd() * specials.length)];
      else if (r < 0.7) s += String.fromCodePoint(0xa0 + Math.floor(rnd() * 0x3000));
      else if (r < 0.8) s += '🚀';
      else s += 'x';
    }
    out.push(s);
  }
  return out;
}

describe('ControlConnection.run', () => {
  it('passes every argument through tmux’s command parser unchanged', async () => {
    for (const s of samples(200)) {
      await conn.run([['set-buffer', '-b', 'probe', '--', escapeArg(s)]], 5000);
      expect(await tmuxRaw(socketName, ['show-buffer', '-b', 'probe'])).toBe(s);
    }
  });

  it('answers like a tmux client call, failures coded', async () => {
    const out = await conn.run(
      [
        ['list-sessions', '-F', '#{session_name}'],
        ['display-message', '-p', 'two'],
      ],
      5000,
    );
    expect(out).toBe('ctl\ntwo\n');
    const error = await conn.run([['capture-pane', '-p', '-t', '%9999']], 5000).catch((e: unknown) => e);
    expect(isTmuxError(error, 'NOT_FOUND')).toBe(true);
  });
});

describe('the driver with a watched pane', () => {
  it('types, captures and creates windows without a tmux client process', async () => {
    const file = join(temp.dir, 'env.txt');
    spawned.length = 0;
    const env = { FOO: 'a b $x;', PATH: `/custom/bin:${process.env.PATH}` };
    const win = await driver.createWindow({
      name: 'env',
      cwd: temp.dir,
      env,
      command: ['/bin/sh', '-c', 'printf "%s\\n" "$FOO" "$PATH" "$(stty size)" > "$0"; exec cat', file],
      width: 100,
      height: 30,
    });
    expect(await waitFor(async () => (await readFile(file, 'utf8').catch(() => '')) || undefined)).toBe(
      `${env.FOO}\n${env.PATH}\n30 100\n`,
    );
    const text = `quotes 'a' "b" $HOME ~ #{pane_id} ü 🚀 end;`;
    await driver.sendText(win.paneId, text);
    const screen = await waitFor(async () => {
      const s = await driver.capture(win.paneId);
      return s.includes('end;') ? s : undefined;
    });
    expect(screen.split('\n')[0]).toBe(text);
    expect(await driver.capture(win.paneId)).toBe(await tmuxRaw(socketName, ['capture-pane', '-p', '-t', win.paneId]));
    expect(spawned).toEqual([]);
    await driver.killWindow(win.id, { graceMs: 200 });
  });
});
