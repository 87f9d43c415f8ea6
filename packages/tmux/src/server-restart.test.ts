import { afterAll, describe, expect, it } from 'vitest';
import { createTmuxDriver } from './driver.js';
import { killTestServer, testSocket } from './testing/wait.js';

const socketName = testSocket('restart');
const driver = createTmuxDriver({ socketName, sessionName: 'restart' });

afterAll(async () => {
  driver.close();
  await killTestServer(socketName);
});

describe('createWindow while the server goes away', () => {
  // killing the last window ends the session and the server exits a moment later: a create in that moment must
  // start a new server, never fail with SERVER_GONE
  it('creates a window right after the last one was killed, again and again', async () => {
    for (let i = 0; i < 15; i++) {
      const win = await driver.createWindow({
        name: `w${i}`,
        cwd: '/',
        command: ['sleep', '600'],
        width: 80,
        height: 24,
      });
      await driver.killWindow(win.id);
    }
    const last = await driver.createWindow({
      name: 'last',
      cwd: '/',
      command: ['sleep', '600'],
      width: 80,
      height: 24,
    });
    expect((await driver.listWindows()).map((w) => w.id)).toEqual([last.id]);
  });

  it('creates a window after the server was killed', async () => {
    await driver.createWindow({ name: 'before', cwd: '/', command: ['sleep', '600'], width: 80, height: 24 });
    await driver.killServer();
    const win = await driver.createWindow({
      name: 'after',
      cwd: '/',
      command: ['sleep', '600'],
      width: 80,
      height: 24,
    });
    expect((await driver.listWindows()).map((w) => w.id)).toEqual([win.id]);
  });
});
