import { chmod, mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTmuxDriver } from './driver.js';
import { createProcProcessTable, processTree } from './process-table.js';
import { killTestServer, makeTempDir, testSocket, tmuxRaw, waitFor } from './testing/wait.js';

const socketName = testSocket('windows');
const driver = createTmuxDriver({ socketName, sessionName: 'win' });
let temp: { dir: string; cleanup: () => Promise<void> };
const readLines = async (file: string): Promise<string[] | undefined> => {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text?.endsWith('\n') ? text.slice(0, -1).split('\n') : undefined;
};

beforeAll(async () => {
  temp = await makeTempDir('windows');
});
afterAll(async () => {
  driver.close();
  await killTestServer(socketName);
  await temp.cleanup();
});

describe('createWindow', () => {
  it('passes argv literally, without a shell', async () => {
    const file = join(temp.dir, 'argv.txt');
    const args = [
      'a b',
      `"q" 's'`,
      '$(whoami)',
      '`id`',
      '--x',
      '-',
      'semi;',
      'back\\;',
      ';',
      '',
      '#{pane_id}',
      '~',
      'end',
    ];
    await driver.createWindow({
      name: 'argv',
      cwd: temp.dir,
      // a constant script; the arguments travel as separate argv entries
      command: ['/bin/sh', '-c', 'printf "%s\\n" "$@" > "$0"', file, ...args],
      width: 120,
      height: 40,
    });
    expect(await waitFor(() => readLines(file), { what: 'argv file' })).toEqual(args);
  });

  it('runs a one-element command directly (a path with spaces and quotes)', async () => {
    const dir = join(temp.dir, `it's a "dir"`);
    await mkdir(dir);
    const script = join(dir, 'run me.sh');
    const file = join(temp.dir, 'single.txt');
    await writeFile(script, `#!/bin/sh\necho ran > '${file}'\n`);
    await chmod(script, 0o755);
    await driver.createWindow({ name: 'single', cwd: temp.dir, command: [script], width: 80, height: 24 });
    expect(await waitFor(() => readLines(file), { what: 'single file' })).toEqual(['ran']);
  });

  it('sets env (PATH included), cwd and a fixed size', async () => {
    const file = join(temp.dir, 'env.txt');
    const env = { FOO: 'a b $x;', PATH: `/custom/bin:${process.env.PATH}`, TERM: 'xterm-256color', EMPTY: '' };
    const win = await driver.createWindow({
      name: 'env',
      cwd: temp.dir,
      env,
      command: [
        '/bin/sh',
        '-c',
        'printf "%s\\n" "$FOO" "$PATH" "$TERM" "$EMPTY" "$(pwd -P)" "$(stty size)" > "$0"; exec sleep 600',
        file,
      ],
      width: 100,
      height: 30,
    });
    const lines = await waitFor(() => readLines(file), { what: 'env file' });
    expect(lines).toEqual([env.FOO, env.PATH, env.TERM, '', await realpath(temp.dir), '30 100']);
    const info = await driver.windowInfo(win.id);
    expect(info).toMatchObject({
      id: win.id,
      paneId: win.paneId,
      pid: win.pid,
      name: 'env',
      width: 100,
      height: 30,
      dead: false,
    });
    const screen = await driver.capture(win.paneId);
    expect(screen.split('\n').length - 1).toBe(30);
    // the window is manual-sized, and a control client (watch) does not resize it
    expect((await tmuxRaw(socketName, ['show-options', '-wv', '-t', win.id, 'window-size'])).trim()).toBe('manual');
    const unsubscribe = await driver.watch(win.id, () => {});
    expect(await driver.windowInfo(win.id)).toMatchObject({ width: 100, height: 30 });
    unsubscribe();
    await driver.resizeWindow(win.id, 90, 20);
    expect(await driver.windowInfo(win.paneId)).toMatchObject({ width: 90, height: 20 });
    expect((await driver.listWindows()).map((w) => w.id)).toContain(win.id);
  });
});

describe('dead panes and killWindow', () => {
  it('reads the exit status of a dead pane', async () => {
    const win = await driver.createWindow({
      name: 'dies',
      cwd: temp.dir,
      command: ['/bin/sh', '-c', 'exit 3'],
      width: 80,
      height: 24,
    });
    const info = await waitFor(
      async () => {
        const i = await driver.windowInfo(win.id);
        return i.dead ? i : undefined;
      },
      { what: 'dead pane' },
    );
    expect(info.exitStatus).toBe(3);
    expect((await driver.listWindows()).find((w) => w.id === win.id)).toMatchObject({ dead: true, exitStatus: 3 });
    await driver.killWindow(win.id);
    expect((await driver.listWindows()).map((w) => w.id)).not.toContain(win.id);
  });

  it('reports the status of processes that exit at once (tmux 3.3a may miss their SIGCHLD)', async () => {
    const wins = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        driver.createWindow({
          name: `quick${i}`,
          cwd: temp.dir,
          command: ['/bin/sh', '-c', 'exit 5'],
          width: 80,
          height: 24,
        }),
      ),
    );
    for (const win of wins) {
      const info = await waitFor(
        async () => {
          const i = await driver.windowInfo(win.id);
          return i.dead ? i : undefined;
        },
        { what: `dead pane ${win.id}` },
      );
      expect(info.exitStatus).toBe(5);
      await driver.killWindow(win.id);
    }
  });

  it('reads the signal that killed a pane', async () => {
    const win = await driver.createWindow({
      name: 'sig',
      cwd: temp.dir,
      command: ['/bin/sh', '-c', 'kill -9 $$'],
      width: 80,
      height: 24,
    });
    const info = await waitFor(
      async () => {
        const i = await driver.windowInfo(win.id);
        return i.dead ? i : undefined;
      },
      { what: 'dead pane' },
    );
    expect(info).toMatchObject({ exitStatus: null, exitSignal: 9 });
    await driver.killWindow(win.id);
  });

  it('kills the whole process tree, including a setsid child and one ignoring SIGTERM', async () => {
    const table = createProcProcessTable();
    const win = await driver.createWindow({
      name: 'tree',
      cwd: temp.dir,
      command: [
        '/bin/sh',
        '-c',
        `setsid sleep 1001 & setsid sh -c 'trap "" TERM; sleep 1002 & wait; sleep 1003' & sleep 1004 & wait`,
      ],
      width: 80,
      height: 24,
    });
    // pane sh + setsid sleep + setsid sh + its sleep + sleep
    const pids = await waitFor(
      async () => {
        const tree = processTree(await table.list(), win.pid);
        return tree.length >= 5 ? tree : undefined;
      },
      { what: 'process tree' },
    );
    const sids = new Set((await table.list()).filter((e) => pids.includes(e.pid)).map((e) => e.sid));
    expect(sids.size).toBeGreaterThan(1); // really spans several sessions
    await driver.killWindow(win.id, { graceMs: 300 });
    await waitFor(
      async () => {
        const live = new Set((await table.list()).map((e) => e.pid));
        return pids.every((pid) => !live.has(pid));
      },
      { what: 'every process of the tree to exit' },
    );
    await expect(driver.windowInfo(win.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('errors', () => {
  it('NOT_FOUND for a missing window or pane', async () => {
    await driver.createWindow({ name: 'keep', cwd: temp.dir, command: ['sleep', '600'], width: 80, height: 24 });
    await expect(driver.windowInfo('@99999')).rejects.toMatchObject({ name: 'TmuxError', code: 'NOT_FOUND' });
    await expect(driver.capture('%99999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(driver.sendKeys('%99999', ['Enter'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(driver.sendText('@99999', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(driver.killWindow('@99999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(driver.watch('%99999', () => {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('SERVER_GONE without a server', async () => {
    const lonely = createTmuxDriver({ socketName: testSocket('no-server') });
    expect(await lonely.hasServer()).toBe(false);
    expect(await lonely.listWindows()).toEqual([]);
    await expect(lonely.capture('%1')).rejects.toMatchObject({ code: 'SERVER_GONE' });
    await expect(lonely.sendKeys('%1', ['Enter'])).rejects.toMatchObject({ code: 'SERVER_GONE' });
    await lonely.killServer(); // no-op
    await killTestServer(testSocket('no-server'));
  });

  it('TMUX_MISSING when the binary does not exist', async () => {
    const missing = createTmuxDriver({ socketName, tmuxPath: '/nonexistent/bin/tmux' });
    const error = await missing.capture('%1').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TmuxError', code: 'TMUX_MISSING' });
    expect((error as Error).cause).toBeDefined();
  });

  it('INVALID_ARGUMENT for unknown keys, bad targets and sizes', async () => {
    await expect(driver.sendKeys('%1', ['Bogus' as 'Enter'])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(driver.capture('win:1' as '@1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      driver.createWindow({ name: 'x', cwd: '/', command: [], width: 80, height: 24 }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      driver.createWindow({ name: 'x', cwd: '/', command: ['a'], width: 0, height: 24 }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(() => createTmuxDriver({ sessionName: 'a:b' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('a restarted driver on the same socket finds the windows again', async () => {
    const again = createTmuxDriver({ socketName, sessionName: 'win' });
    expect(await again.hasServer()).toBe(true);
    expect((await again.listWindows()).map((w) => w.name)).toContain('keep');
  });
});
