import { describe, expect, it } from 'vitest';
import { ScreenFeed } from './screen-feed.js';
import type { Terminal, Target, WatchListener } from './terminal.js';

/** A pane whose screen the test sets; `push()` is tmux reporting output. */
function fakePane() {
  let listener: WatchListener | undefined;
  const pane = {
    screen: 'a',
    terminal: {
      watch: async (_t: Target, l: WatchListener) => {
        listener = l;
        return () => undefined;
      },
      capture: async () => pane.screen,
    } as unknown as Terminal,
    push: () => listener?.({ type: 'changed', paneId: '%1', windowId: '@1' }),
  };
  return pane;
}

const timer = (fn: () => void, ms: number) => {
  const h = setTimeout(fn, ms);
  return () => clearTimeout(h);
};

describe('ScreenFeed', () => {
  it('knows how long the screen has been quiet, on the clock it is given', async () => {
    const pane = fakePane();
    let now = 1000;
    const feed = new ScreenFeed(pane.terminal, '%1' as Target, {
      onScreen: () => undefined,
      onExit: () => undefined,
      onClosed: () => undefined,
      now: () => now,
    });
    await feed.start();
    expect(feed.quietFor()).toBe(0); // the first capture is a change
    now = 1100;
    expect(feed.quietFor()).toBe(100);
    await feed.refresh(); // same text: still quiet
    expect(feed.quietFor()).toBe(100);
    pane.screen = 'b';
    await feed.refresh();
    expect(feed.quietFor()).toBe(0);
  });

  it('nextOutput resolves on tmux output before any capture; false after its timeout', async () => {
    const pane = fakePane();
    const feed = new ScreenFeed(pane.terminal, '%1' as Target, {
      onScreen: () => undefined,
      onExit: () => undefined,
      onClosed: () => undefined,
    });
    await feed.start();
    const out = feed.nextOutput(1000, timer);
    const change = feed.nextChange(50, timer);
    pane.push(); // same screen text: output, but no visible change
    expect(await out).toBe(true);
    expect(await change).toBe(false);
    expect(await feed.nextOutput(10, timer)).toBe(false);
  });
});
