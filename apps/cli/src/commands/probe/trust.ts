import { classifyScreen, optionKeys, pickOption } from '@aegis/state';
import { createTmuxDriver } from '@aegis/tmux';
import type { ProbeCheck } from './report.js';
import type { ProbeWorld } from './world.js';

export interface StepContext {
  world: ProbeWorld;
  claude: string;
  version: string;
  stepTimeoutMs: number;
  /** Saves a screen Aegis did not understand; returns the file. */
  saveScreen(checkId: string, screen: string): Promise<string>;
}

/** Polls `read` until `done` holds or the time is up; returns the last value read. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs: number,
  everyMs = 250,
): Promise<{ ok: boolean; last: T }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const last = await read();
    if (done(last)) return { ok: true, last };
    if (Date.now() >= end) return { ok: false, last };
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The trust dialog, read straight from tmux: Aegis's sessions pre-trust their folder, so the dialog never shows
 * there. Claude Code starts in an untrusted folder of the probe's own; the screen must read as `trust_prompt` with a
 * "trust" option Aegis knows how to press.
 */
export async function trustCheck(ctx: StepContext): Promise<ProbeCheck> {
  const check = { id: 'trust', name: 'trust dialog recognised' };
  const tmux = createTmuxDriver({ socketName: ctx.world.socketName });
  const cwd = await ctx.world.workDir('untrusted');
  const win = await tmux.createWindow({
    name: 'aegis-probe-trust',
    cwd,
    env: ctx.world.env,
    command: [ctx.claude],
    width: 120,
    height: 40,
  });
  try {
    const read = async () => {
      const screen = await tmux.capture(win.paneId);
      return { screen, reading: classifyScreen(screen, { version: ctx.version }) };
    };
    const seen = await pollUntil(read, (s) => s.reading.kind === 'trust_prompt', ctx.stepTimeoutMs);
    const { screen, reading } = seen.last;
    if (!seen.ok) {
      return {
        ...check,
        ok: false,
        detail: `read as ${reading.kind === 'unknown' ? 'an unknown screen' : reading.kind}`,
        screenFile: await ctx.saveScreen(check.id, screen),
      };
    }
    const trust = pickOption(reading.options, 'trust');
    if (!trust)
      return {
        ...check,
        ok: false,
        detail: 'no "trust" option among the options read',
        screenFile: await ctx.saveScreen(check.id, screen),
      };
    return {
      ...check,
      ok: true,
      detail: `options ${reading.options.map((o) => o.id).join(', ')}; trust = ${optionKeys(reading.options, trust).join(' ')}`,
    };
  } finally {
    await tmux.killWindow(win.id).catch(() => undefined);
    tmux.close();
  }
}
