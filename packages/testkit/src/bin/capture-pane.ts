/** One Claude Code process in its own tmux session: wait for screen cues, send keys, save captures. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { claudeEnv } from '@aegis/scripted-model';
import type { CaptureContext } from './capture-context.js';

/** What a cue sees on each poll. */
export interface Snapshot {
  screen: string;
  /** Parsed `$CLAUDE_CONFIG_DIR/sessions/<pid>.json`, when it exists. */
  status?: { status?: string; waitingFor?: string; [k: string]: unknown };
  /** The pane's process has exited (remain-on-exit keeps the last frame). */
  dead: boolean;
}

export type Cue = (s: Snapshot) => boolean;

export class CaptureStepError extends Error {
  readonly code = 'CAPTURE_CUE_NOT_SEEN';
  constructor(step: string, timeoutMs: number, savedAs: string) {
    super(`step "${step}": cue not seen within ${timeoutMs} ms (screen saved as ${savedAs})`);
    this.name = 'CaptureStepError';
  }
}

export interface PaneSpec {
  /** tmux session name. */
  name: string;
  cols: number;
  rows: number;
  cwd: string;
  configDir: string;
  /** Extra claude arguments. */
  args?: string[];
  /** Extra environment (over claudeEnv). */
  env?: Record<string, string>;
}

let counter = 0;

export class ClaudePane {
  pid = 0;
  cols: number;
  rows: number;

  constructor(
    private readonly ctx: CaptureContext,
    readonly spec: PaneSpec,
  ) {
    this.cols = spec.cols;
    this.rows = spec.rows;
  }

  get target(): string {
    return this.spec.name;
  }

  async start(): Promise<void> {
    const env = {
      ...claudeEnv({ modelUrl: this.ctx.fake.url, configDir: this.spec.configDir }),
      HOME: this.ctx.home,
      ...this.spec.env,
    };
    this.ctx.log(
      `--- session ${this.spec.name} (${this.cols}x${this.rows}) cwd=${this.ctx.sanitize(this.spec.cwd)} args=${JSON.stringify(this.spec.args ?? [])}`,
    );
    await this.ctx.tmux.launch({
      name: this.spec.name,
      cols: this.cols,
      rows: this.rows,
      cwd: this.spec.cwd,
      env,
      argv: [this.ctx.binary, ...(this.spec.args ?? [])],
    });
    this.pid = Number(await this.ctx.tmux.format(this.target, '#{pane_pid}'));
    this.ctx.log(`claude pid (pane_pid) ${this.pid}`);
  }

  get statusFile(): string {
    return join(this.spec.configDir, 'sessions', `${this.pid}.json`);
  }

  async statusText(): Promise<string | undefined> {
    return readFile(this.statusFile, 'utf8').catch(() => undefined);
  }

  async snapshot(): Promise<Snapshot> {
    const [screen, raw, dead] = await Promise.all([
      this.ctx.tmux.capture(this.target, false),
      this.statusText(),
      this.ctx.tmux.format(this.target, '#{pane_dead}'),
    ]);
    let status: Snapshot['status'];
    try {
      status = raw ? (JSON.parse(raw) as Snapshot['status']) : undefined;
    } catch {
      status = undefined; // caught mid-write
    }
    return { screen, status, dead: dead === '1' };
  }

  /**
   * Polls until `cue` holds (continuously for `stableMs`). On timeout saves the screen as
   * `<folder>/<cols>x<rows>-<slug>.unexpected.txt` and throws an error naming the step.
   */
  async until(
    step: string,
    folder: string,
    cue: Cue,
    opts: { timeoutMs?: number; stableMs?: number; save?: boolean } = {},
  ): Promise<Snapshot> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    let since = 0;
    let last: Snapshot | undefined;
    while (Date.now() < deadline) {
      last = await this.snapshot();
      if (cue(last)) {
        if (!since) since = Date.now();
        if (Date.now() - since >= (opts.stableMs ?? 0)) {
          this.ctx.log(`seen: ${step}`);
          return last;
        }
      } else since = 0;
      await sleep(100);
    }
    const slug = step
      .replace(/[^a-zA-Z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
    const rel = join(folder, `${this.cols}x${this.rows}-${slug}.unexpected.txt`);
    if (opts.save !== false)
      await this.ctx.write(rel, (last?.screen ?? '') + `\n--- status file: ${JSON.stringify(last?.status ?? null)}\n`);
    this.ctx.log(`TIMEOUT: ${step} (saved ${rel})`);
    throw new CaptureStepError(step, timeoutMs, rel);
  }

  /** Waits until the screen has not changed for `quietMs` (or the process died), then returns it. */
  async settle(quietMs = 1500, timeoutMs = 20_000): Promise<Snapshot> {
    const deadline = Date.now() + timeoutMs;
    let prev = '';
    let since = Date.now();
    let snap = await this.snapshot();
    while (Date.now() < deadline) {
      snap = await this.snapshot();
      if (snap.screen !== prev) {
        prev = snap.screen;
        since = Date.now();
      } else if (Date.now() - since >= quietMs || snap.dead) return snap;
      await sleep(100);
    }
    return snap;
  }

  /** Saves `<folder>/<cols>x<rows>-<variant>.txt`, `.ansi.txt` and `.session-status.json` (when the file exists). */
  async shot(folder: string, variant: string): Promise<void> {
    const base = join(folder, `${this.cols}x${this.rows}${variant ? '-' + variant : ''}`);
    const [plain, ansi, status] = await Promise.all([
      this.ctx.tmux.capture(this.target, false),
      this.ctx.tmux.capture(this.target, true),
      this.statusText(),
    ]);
    await this.ctx.write(`${base}.txt`, plain);
    await this.ctx.write(`${base}.ansi.txt`, ansi);
    if (status !== undefined) await this.ctx.write(`${base}.session-status.json`, status);
    this.ctx.captures.push(base);
    this.ctx.log(`CAPTURE ${base}${status === undefined ? ' (no status file)' : ''}`);
    console.log(`  captured ${base}`);
  }

  async keys(...keys: string[]): Promise<void> {
    await this.ctx.tmux.keys(this.target, ...keys);
  }

  /** Types literal text and, unless `submit` is false, presses Enter. */
  async type(text: string, submit = true): Promise<void> {
    await this.ctx.tmux.text(this.target, text);
    if (submit) {
      await sleep(150); // let the input box take the text before Enter (a fast Enter can land inside a paste burst)
      await this.ctx.tmux.keys(this.target, 'Enter');
    }
  }

  async resize(cols: number, rows: number): Promise<void> {
    await this.ctx.tmux.resize(this.target, cols, rows);
    this.cols = cols;
    this.rows = rows;
    await sleep(700); // Claude Code repaints on SIGWINCH
  }

  async pause(ms: number): Promise<void> {
    await sleep(ms);
  }

  /** `/exit` if still alive, wait for the process to end; then kill the tmux session. */
  async close(): Promise<void> {
    try {
      const snap = await this.snapshot();
      if (!snap.dead) {
        await this.keys('C-u');
        await this.type('/exit');
        await this.until('process exit after /exit', '.', (s) => s.dead, { timeoutMs: 10_000, save: false });
      }
    } catch (err) {
      this.ctx.log(`close ${this.target}: ${(err as Error).message}`);
    } finally {
      await this.ctx.tmux.killSession(this.target);
    }
  }
}

/** A unique tmux session name. */
export function sessionName(label: string): string {
  counter += 1;
  return `${label}-${counter}`;
}
