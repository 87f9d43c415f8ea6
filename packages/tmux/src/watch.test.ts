import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTmuxDriver } from './driver.js';
import type { WatchEvent } from './watch-hub.js';
import { killTestServer, makeTempDir, testSocket, waitFor } from './testing/wait.js';

const socketName = testSocket('watch');
const driver = createTmuxDriver({ socketName, sessionName: 'watch' });
let temp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  temp = await makeTempDir('watch');
});
afterAll(async () => {
  driver.close();
  await killTestServer(socketName);
  await temp.cleanup();
});

function recorder(): { events: WatchEvent[]; listener: (e: WatchEvent) => void } {
  const events: WatchEvent[] = [];
  return { events, listener: (e) => events.push(e) };
}

describe('watch', () => {
  it('pushes a change in the pane, then exited, then closed', async () => {
    const win = await driver.createWindow({
      name: 'echo',
      cwd: temp.dir,
      command: ['/bin/sh', '-c', 'read line; echo "got:$line"; read line; exit 7'],
      width: 80,
      height: 24,
    });
    const { events, listener } = recorder();
    const unsubscribe = await driver.watch(win.id, listener);
    await driver.sendText(win.paneId, 'hello');
    await driver.sendKeys(win.paneId, ['Enter']);
    await waitFor(() => events.some((e) => e.type === 'changed' && e.paneId === win.paneId), { what: 'changed event' });
    await waitFor(async () => (await driver.capture(win.paneId)).includes('got:hello'), { what: 'echo on screen' });

    await driver.sendKeys(win.paneId, ['Enter']);
    const exited = await waitFor(() => events.find((e) => e.type === 'exited'), { what: 'exited event' });
    expect(exited).toEqual({ type: 'exited', paneId: win.paneId, windowId: win.id, exitStatus: 7, exitSignal: null });

    await driver.killWindow(win.id);
    const closed = await waitFor(() => events.find((e) => e.type === 'closed'), { what: 'closed event' });
    expect(closed).toEqual({ type: 'closed', paneId: win.paneId, windowId: win.id, reason: 'window-closed' });
    unsubscribe(); // harmless after closed
  });

  it('reports only the watched pane, and stops after unsubscribe', async () => {
    const a = await driver.createWindow({ name: 'a', cwd: temp.dir, command: ['cat'], width: 80, height: 24 });
    const b = await driver.createWindow({ name: 'b', cwd: temp.dir, command: ['cat'], width: 80, height: 24 });
    const ra = recorder();
    const rb = recorder();
    const unA = await driver.watch(a.paneId, ra.listener);
    const unB = await driver.watch(b.id, rb.listener);
    await driver.sendText(b.paneId, 'only b');
    await waitFor(() => rb.events.some((e) => e.type === 'changed'), { what: 'b changed' });
    unB();
    await driver.sendText(a.paneId, 'now a');
    await waitFor(() => ra.events.some((e) => e.type === 'changed'), { what: 'a changed' });
    expect(ra.events.every((e) => e.paneId === a.paneId)).toBe(true);
    expect(rb.events.every((e) => e.paneId === b.paneId)).toBe(true);
    const bCount = rb.events.length;
    await driver.sendText(b.paneId, ' more');
    await waitFor(async () => (await driver.capture(b.paneId)).includes('only b more'), { what: 'b screen' });
    await driver.sendText(a.paneId, '!'); // a is still watched: its event proves the client is still delivering
    await waitFor(() => ra.events.filter((e) => e.type === 'changed').length >= 2, { what: 'a changed twice' });
    expect(rb.events.length).toBe(bCount);
    unA();
  });

  it('reports closed with server-gone when the server dies', async () => {
    const win = await driver.createWindow({ name: 'gone', cwd: temp.dir, command: ['cat'], width: 80, height: 24 });
    const { events, listener } = recorder();
    await driver.watch(win.paneId, listener);
    const other = createTmuxDriver({ socketName, sessionName: 'watch' });
    await other.killServer();
    const closed = await waitFor(() => events.find((e) => e.type === 'closed'), { what: 'closed event' });
    expect(closed).toMatchObject({ type: 'closed', paneId: win.paneId, reason: 'server-gone' });
    expect(await driver.hasServer()).toBe(false);
  });

  it('works again after the server was restarted', async () => {
    const win = await driver.createWindow({ name: 'again', cwd: temp.dir, command: ['cat'], width: 80, height: 24 });
    const { events, listener } = recorder();
    const unsubscribe = await driver.watch(win.paneId, listener);
    await driver.sendText(win.paneId, 'back');
    await waitFor(() => events.some((e) => e.type === 'changed'), { what: 'changed after restart' });
    unsubscribe();
  });
});
