// Test helper (not exported): a pane whose screen the test sets; `changed` pushed like tmux's control mode.
import type { Target, WatchEvent } from '@aegis/tmux';
import type { PaneTerminal } from '../terminal/pane-stream.js';

export class FakePane implements PaneTerminal {
  screen = '';
  readonly typed: ({ text: string } | { keys: string[] })[] = [];
  captures = 0;
  #listeners = new Set<(e: WatchEvent) => void>();

  set(screen: string): void {
    this.screen = screen;
    for (const l of this.#listeners) l({ type: 'changed', paneId: '%1', windowId: '@1' });
  }
  close(): void {
    for (const l of this.#listeners) l({ type: 'closed', paneId: '%1', windowId: '@1', reason: 'window-closed' });
  }
  get watchers(): number {
    return this.#listeners.size;
  }
  async capture(_t: Target, o?: { escapes?: boolean }): Promise<string> {
    this.captures++;
    return o?.escapes ? this.screen : this.screen.replace(/\x1b\[[0-9;]*m/g, '');
  }
  async watch(_t: Target, listener: (e: WatchEvent) => void): Promise<() => void> {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  async windowInfo(): Promise<{ width: number; height: number }> {
    return { width: 80, height: 24 };
  }
  async sendText(_t: Target, text: string): Promise<void> {
    this.typed.push({ text });
  }
  async sendKeys(_t: Target, keys: string[]): Promise<void> {
    this.typed.push({ keys });
  }
}
