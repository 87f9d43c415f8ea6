import { optionKeys, type MenuOption } from '@aegis/state';
import { AegisError } from './errors.js';
import { sleep, type Clock } from './io.js';
import { questionsOf } from './answer-choices.js';
import { optionsOf, type OpenPrompt } from './prompt-tracker.js';
import type { SessionRuntime } from './runtime.js';
import type { AnswerSchema } from './schemas.js';
import type { KeyName, Target, Terminal } from './terminal.js';
import type { z } from 'zod';

type Answer = z.output<typeof AnswerSchema>;

/** How long a dialog gets to close after its keys, and how many times keys are pressed into the same dialog. */
const CONFIRM_MS = 1500;
const MAX_PRESSES = 4;
/** A menu without digits is answered with arrows: only once its screen has been still this long (it may redraw). */
const SETTLE_MS = 300;

/** A screen-feed timer on the given clock. */
export function timerOn(clock: Clock): (fn: () => void, ms: number) => () => void {
  return (fn, ms) => {
    const h = clock.setTimeout(fn, ms);
    return () => clock.clearTimeout(h);
  };
}

/** Answers a dialog drawn on screen with keys, watching the screen to confirm the dialog took them. */
export class DialogKeys {
  constructor(
    private readonly terminal: Terminal,
    private readonly clock: Clock,
  ) {}

  /** A dialog reported by its hook may not be drawn yet: wait (briefly) until its options are on screen. */
  async withOptions(rt: SessionRuntime, prompt: OpenPrompt): Promise<void> {
    for (let i = 0; i < 30 && optionsOf(prompt.state).length === 0; i++) {
      await rt.screen.refresh();
      if (rt.state.kind === prompt.kind && optionsOf(rt.state).length > 0) prompt.state = rt.state;
      else await sleep(this.clock, 100);
    }
  }

  /**
   * Presses the keys that choose an option, then confirms the dialog took them. A freshly drawn dialog can drop
   * keys or redraw with its cursor reset (2.1.331), so while the session stays in the same dialog (no captured frame
   * ever left it), the keys are worked out again from the screen and pressed again, at most MAX_PRESSES times.
   * A menu without digits is walked with arrows, and Enter is pressed only once the cursor is seen on the option.
   */
  async pressOption(
    rt: SessionRuntime,
    prompt: OpenPrompt,
    choose: (options: readonly MenuOption[]) => MenuOption | undefined,
    pane: Target,
    confirm: boolean,
  ): Promise<MenuOption> {
    let options = optionsOf(prompt.state);
    for (let attempt = 1; ; attempt++) {
      const option = choose(options);
      if (!option)
        throw new AegisError('OPTION_NOT_FOUND', 'no such option on screen', { options: options.map((o) => o.id) });
      if (option.key !== null) {
        await this.terminal.sendKeys(pane, [option.key as KeyName]);
      } else {
        await this.#settle(rt);
        const current = optionsOf(rt.state).length > 0 ? optionsOf(rt.state) : options;
        const target = current.find((o) => o.id === option.id) ?? option;
        const arrows = optionKeys(current, target).filter((k) => k !== 'Enter') as KeyName[];
        if (arrows.length > 0) await this.terminal.sendKeys(pane, arrows);
        if (await this.#until(rt, () => optionsOf(rt.state).find((o) => o.selected)?.id === option.id)) {
          await this.terminal.sendKeys(pane, ['Enter']);
        }
      }
      if (!confirm || attempt === MAX_PRESSES) return option;
      if (await this.#until(rt, () => rt.state.kind !== prompt.kind)) return option;
      options = optionsOf(rt.state);
    }
  }

  /** Waits (on screen changes, up to CONFIRM_MS) until `done` holds; false when it never did. */
  async #until(rt: SessionRuntime, done: () => boolean): Promise<boolean> {
    const deadline = this.clock.now() + CONFIRM_MS;
    for (;;) {
      if (done()) return true;
      const left = deadline - this.clock.now();
      if (left <= 0) return false;
      await rt.screen.nextChange(left, timerOn(this.clock));
    }
  }

  /** Waits until the screen has not changed for SETTLE_MS (at most CONFIRM_MS). */
  async #settle(rt: SessionRuntime): Promise<void> {
    const deadline = this.clock.now() + CONFIRM_MS;
    while (this.clock.now() < deadline) {
      const changed = await rt.screen.nextChange(SETTLE_MS, timerOn(this.clock));
      if (!changed) return;
    }
  }

  /** Answers a question dialog with keys: the options' digits or the free-text row, then Tab/submit where needed. */
  async answerQuestions(
    rt: SessionRuntime,
    prompt: OpenPrompt,
    a: Extract<Answer, { action: 'answer' }>,
    pane: Target,
  ): Promise<void> {
    const qs = questionsOf(prompt);
    const n = Math.max(qs.length, 1);
    for (let i = 0; i < n; i++) {
      const q = qs[i];
      const free = a.text?.[i];
      if (free) {
        const row = (q?.options ?? optionsOf(prompt.state)).find((o) => o.id === 'type_something');
        if (!row?.key) throw new AegisError('OPTION_NOT_FOUND', 'no free-text row on screen');
        await this.terminal.sendKeys(pane, [row.key as KeyName]);
        await this.terminal.sendText(pane, free, { mode: 'typed' });
        await this.terminal.sendKeys(pane, ['Enter']);
        continue;
      }
      const choices = a.options?.[i] ?? [];
      const opts = q?.options ?? optionsOf(prompt.state);
      for (const c of choices) {
        const o = opts.find((x) => x.id === c || x.label === c || x.key === c);
        if (!o?.key)
          throw new AegisError('OPTION_NOT_FOUND', `no option ${JSON.stringify(c)} on screen`, { choice: c });
        await this.terminal.sendKeys(pane, [o.key as KeyName]);
      }
      if (q?.multiSelect) await this.terminal.sendKeys(pane, ['Tab']);
    }
    if (qs.length > 1 || qs.some((q) => q.multiSelect)) {
      await rt.screen.refresh();
      const submit = optionsOf(rt.state).find((o) => o.id === 'submit');
      if (submit?.key) await this.terminal.sendKeys(pane, [submit.key as KeyName]);
    }
  }
}
