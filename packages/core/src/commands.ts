import type { StateKind } from '@aegis/state';
import { z } from 'zod';
import { AegisError } from './errors.js';
import { sleep, type Clock } from './io.js';
import type { SessionRuntime } from './runtime.js';
import type { MessageQueue } from './session/queue.js';
import type { Target, Terminal } from './terminal.js';

/** A slash command: one line starting with "/" and a name. */
export const CommandSchema = z.object({
  command: z
    .string()
    .max(2000)
    .regex(/^\/[^\s/][^\n\r]*$/, 'one line starting with "/" and a command name'),
});
/** A shell-mode command line (without the "!"). */
export const BashSchema = z.object({
  command: z
    .string()
    .min(1)
    .max(10_000)
    .regex(/^[^\n\r]*\S[^\n\r]*$/, 'one non-empty line'),
});
export type CommandInput = z.input<typeof CommandSchema>;
export type BashInput = z.input<typeof BashSchema>;

const RUNNING = /⎿\s+Running…/;

/** What the session shows once the command's screen settled. */
export interface BoxCommandResult {
  status: StateKind;
  screen: string;
}

/** The session a command is typed into: its runtime, its queue, and the flag that holds the queue meanwhile. */
export interface CommandTarget {
  readonly rt: SessionRuntime;
  readonly queue: MessageQueue;
  typing: boolean;
}

export interface CommandDeps {
  terminal: Terminal;
  clock: Clock;
  /** How long the screen must stay unchanged before the result is read. Default 800 ms (at most 15 s in all). */
  quietMs?: number;
}

/**
 * Types a slash command, or "!" and a shell command (Claude Code's shell mode, which runs without a permission
 * prompt), into an idle session's box and presses Enter. The queue does not deliver meanwhile (`live.typing`).
 */
export async function runBoxCommand(
  live: CommandTarget,
  d: CommandDeps,
  kind: 'slash' | 'shell',
  command: string,
): Promise<BoxCommandResult> {
  const { rt, queue } = live;
  if (rt.state.kind !== 'idle' || queue.length > 0 || queue.delivering || live.typing) {
    throw new AegisError(
      'SESSION_BUSY',
      `session ${rt.id} is ${rt.state.kind}${queue.length > 0 || queue.delivering ? ' with messages queued' : ''}; commands run only in an idle session`,
      {
        sessionId: rt.id,
        status: rt.state.kind,
      },
    );
  }
  const pane = rt.record.paneId as Target;
  const setTimer = (fn: () => void, ms: number) => {
    const h = d.clock.setTimeout(fn, ms);
    return () => d.clock.clearTimeout(h);
  };
  // until the screen stayed unchanged for `ms` (a spinner keeps changing it: at most 15 s)
  const quiet = async (ms: number) => {
    const deadline = d.clock.now() + 15_000;
    while (d.clock.now() < deadline && (await rt.screen.nextChange(ms, setTimer)));
  };
  live.typing = true;
  try {
    await quiet(100);
    if (kind === 'shell') {
      const echoed = rt.screen.nextChange(1000, setTimer);
      await d.terminal.sendText(pane, '!'); // switches the box to shell mode first
      await echoed;
    }
    const echoed = rt.screen.nextChange(1000, setTimer);
    await d.terminal.sendText(pane, command);
    await echoed;
    // an Enter read together with the text is not a submit (measured on 2.1.331: "/help" stayed in the box with its
    // menu open): Enter once the box is quiet, and again while the command still sits in the box
    await quiet(150);
    for (let i = 0; i < 3; i++) {
      await d.terminal.sendKeys(pane, ['Enter']);
      await sleep(d.clock, 500);
      await rt.screen.refresh();
      const s = rt.state;
      if (s.kind !== 'idle' || !(s.input ?? '').includes(command)) break;
    }
    await rt.waitForState((s) => s.kind !== 'working', 15_000); // a shell command or /compact runs a while
    await quiet(d.quietMs ?? 800);
    // shell mode shows "⎿  Running…" under the command until it ended (measured on 2.1.332): wait for its output
    let screen = await d.terminal.capture(pane);
    for (
      const deadline = d.clock.now() + 30_000;
      RUNNING.test(screen) && d.clock.now() < deadline;
      screen = await d.terminal.capture(pane)
    )
      await sleep(d.clock, 200);
    await rt.screen.refresh();
    return { status: rt.state.kind, screen };
  } finally {
    live.typing = false;
    queue.pump();
  }
}
