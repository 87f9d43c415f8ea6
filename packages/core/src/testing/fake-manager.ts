// Helpers for this package's tests (not exported from index.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WatchEvent } from '@aegis/tmux';
import type { KeyName, Target, Terminal, WindowInfo } from '../terminal.js';
import { SessionManager } from '../manager.js';
import type { SessionManagerOptions } from '../manager-options.js';

export const SCREENS = {
  idle: readFileSync(new URL('../../testdata/screens/idle.txt', import.meta.url), 'utf8'),
  working: readFileSync(new URL('../../testdata/screens/working.txt', import.meta.url), 'utf8'),
  trust: readFileSync(new URL('../../testdata/screens/trust.txt', import.meta.url), 'utf8'),
  permission: readFileSync(new URL('../../testdata/screens/permission.txt', import.meta.url), 'utf8'),
};

/** The idle screen with `text` in the input box. */
export function idleWithDraft(text: string): string {
  return SCREENS.idle.replace(/^❯[ \u00a0]*$/m, `❯\u00a0${text}`);
}

interface FakePane {
  win: WindowInfo;
  screen: string;
  box: string;
  command: readonly string[];
  env: Record<string, string>;
  listeners: Set<(e: WatchEvent) => void>;
}

/** A Terminal without tmux: tests set screens; input is recorded and can be reacted to. */
export class FakeTerminal implements Terminal {
  readonly socketName = 'fake';
  readonly panes = new Map<string, FakePane>();
  readonly input: { pane: string; kind: 'text' | 'keys'; value: string }[] = [];
  /** Called on Enter with the text typed since the last Enter. */
  onSubmit: (pane: string, text: string) => void = () => undefined;
  /** Called for every key press. */
  onKeys: (pane: string, keys: KeyName[]) => void = () => undefined;
  #n = 0;

  async createWindow(o: { name: string; cwd: string; env?: Record<string, string>; command: readonly string[] }) {
    const n = ++this.#n;
    const win: WindowInfo = {
      id: `@${n}`,
      paneId: `%${n}`,
      pid: 1000 + n,
      name: o.name,
      currentCommand: 'claude',
      dead: false,
      exitStatus: null,
      exitSignal: null,
      width: 120,
      height: 40,
    };
    this.panes.set(win.paneId, {
      win,
      screen: SCREENS.idle,
      box: '',
      command: o.command,
      env: o.env ?? {},
      listeners: new Set(),
    });
    return { id: win.id as Target, paneId: win.paneId as Target, pid: win.pid };
  }
  #pane(t: string): FakePane {
    const p = this.panes.get(t) ?? [...this.panes.values()].find((x) => x.win.id === t);
    if (!p) throw Object.assign(new Error(`no pane ${t}`), { code: 'NOT_FOUND' });
    return p;
  }
  setScreen(pane: string, screen: string): void {
    const p = this.#pane(pane);
    p.screen = screen;
    for (const l of p.listeners) l({ type: 'changed', paneId: p.win.paneId as Target, windowId: p.win.id as Target });
  }
  exit(pane: string, code: number | null, signal: number | null = null): void {
    const p = this.#pane(pane);
    p.win.dead = true;
    p.win.exitStatus = code;
    p.win.exitSignal = signal;
    for (const l of p.listeners)
      l({
        type: 'exited',
        paneId: p.win.paneId as Target,
        windowId: p.win.id as Target,
        exitStatus: code,
        exitSignal: signal,
      });
  }
  remove(pane: string): void {
    this.panes.delete(this.#pane(pane).win.paneId);
  }
  async listWindows() {
    return [...this.panes.values()].map((p) => ({ ...p.win }));
  }
  async windowInfo(t: Target) {
    return { ...this.#pane(t).win };
  }
  async killWindow(t: Target) {
    const p = this.#pane(t);
    this.panes.delete(p.win.paneId);
    for (const l of p.listeners)
      l({ type: 'closed', paneId: p.win.paneId as Target, windowId: p.win.id as Target, reason: 'window-closed' });
  }
  async sendText(t: Target, text: string) {
    const p = this.#pane(t);
    this.input.push({ pane: p.win.paneId, kind: 'text', value: text });
    p.box += text;
    this.setScreen(p.win.paneId, idleWithDraft(p.box.split('\n')[0] ?? ''));
  }
  async sendKeys(t: Target, keys: KeyName[]) {
    const p = this.#pane(t);
    this.input.push({ pane: p.win.paneId, kind: 'keys', value: keys.join(' ') });
    for (const k of keys) {
      if (k === 'C-u') p.box = '';
      if (k === 'Enter') {
        const text = p.box;
        p.box = '';
        this.onSubmit(p.win.paneId, text);
      }
    }
    this.onKeys(p.win.paneId, keys);
  }
  async capture(t: Target) {
    return this.#pane(t).screen;
  }
  async watch(t: Target, listener: (e: WatchEvent) => void) {
    const p = this.#pane(t);
    p.listeners.add(listener);
    return () => p.listeners.delete(listener);
  }
  async hasServer() {
    return true;
  }
  close() {}

  keysSent(pane?: string): string[] {
    return this.input.filter((i) => i.kind === 'keys' && (!pane || i.pane === pane)).map((i) => i.value);
  }
  textsSent(pane?: string): string[] {
    return this.input.filter((i) => i.kind === 'text' && (!pane || i.pane === pane)).map((i) => i.value);
  }
  commandOf(pane: string): readonly string[] {
    return this.#pane(pane).command;
  }
  envOf(pane: string): Record<string, string> {
    return this.#pane(pane).env;
  }
}

export async function tempDir(prefix = 'aegis-core-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A manager on a FakeTerminal, a temp state dir and a temp Claude config dir. */
export async function fakeManager(o: Partial<SessionManagerOptions> & { terminal?: FakeTerminal; root?: string } = {}) {
  const root = o.root ?? (await tempDir()).dir;
  const configDir = join(root, 'claude');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(root, 'work'), { recursive: true });
  await mkdir(configDir, { recursive: true });
  await writeFile(
    join(configDir, '.claude.json'),
    JSON.stringify({ hasCompletedOnboarding: true, projects: { '/elsewhere': { keep: 1 } } }),
  );
  const terminal = o.terminal ?? new FakeTerminal();
  const manager = await SessionManager.start({
    stateDir: join(root, 'state'),
    claudePath: '/bin/true',
    env: { PATH: process.env.PATH, CLAUDE_CONFIG_DIR: configDir, ANTHROPIC_API_KEY: 'sk-test', SECRET_OF_AEGIS: 'x' },
    versionProbe: async () => '2.1.197',
    statusPollMs: 50,
    transcriptPollMs: 100,
    delivery: { confirmTimeoutMs: 300, confirmWindowMs: 1500, echoWaitMs: 30 },
    ...o,
    terminal,
  });
  return { manager, terminal, root, workDir: join(root, 'work'), configDir };
}

/** Posts a hook for a session, as Claude Code would (URL and secret from the settings file the launcher wrote). */
export async function postHook(
  terminal: FakeTerminal,
  pane: string,
  payload: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const cmd = terminal.commandOf(pane);
  const settings = JSON.parse(await readFile(cmd[cmd.indexOf('--settings') + 1]!, 'utf8')) as {
    hooks: Record<string, { hooks: { url: string; headers: Record<string, string> }[] }[]>;
  };
  const hook = settings.hooks.UserPromptSubmit![0]!.hooks[0]!;
  const res = await fetch(hook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...hook.headers },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: await res.json() };
}

export async function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Pids whose cwd is inside `dir` (Claude, its tools, anything they started). */
export function processesIn(dir: string): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readlinkSync(`/proc/${p}/cwd`).startsWith(dir)) out.push(Number(p));
    } catch {
      /* gone or not ours */
    }
  }
  return out;
}
