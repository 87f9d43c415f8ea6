import {
  optionKeys,
  pickOption,
  type MenuOption,
  type OptionIntent,
  type Question,
  type StateKind,
} from '@aegis/state';
import { AegisError, DialogError } from './errors.js';
import type { EventLog } from './event-log.js';
import { sleep, type Clock } from './io.js';
import { optionsOf, type OpenPrompt } from './prompt-tracker.js';
import type { SessionRuntime } from './runtime.js';
import type { AnswerSchema } from './schemas.js';
import type { KeyName, Target, Terminal } from './terminal.js';
import type { z } from 'zod';

type Answer = z.output<typeof AnswerSchema>;

export interface AnswerResult {
  action: Answer['action'];
  /** The prompt answered (null for interrupt/escape/keys). */
  promptId: string | null;
  via: 'hook' | 'keys';
  optionId: string | null;
  /** False when nothing needed sending (interrupt while idle). */
  sent: boolean;
}

/** How long a dialog gets to close after its keys, and how many times keys are pressed into the same dialog. */
const CONFIRM_MS = 1500;
const MAX_PRESSES = 4;
/** A menu without digits is answered with arrows: only once its screen has been still this long (it may redraw). */
const SETTLE_MS = 300;

const INTERRUPTIBLE = new Set([
  'working',
  'stalled',
  'error',
  'permission_prompt',
  'asking',
  'plan_approval',
  'dialog',
  'unknown',
]);
const ANSWERABLE = new Set([
  'permission_prompt',
  'plan_approval',
  'trust_prompt',
  'api_key_prompt',
  'bypass_permissions_prompt',
]);

function allow(updatedInput?: Record<string, unknown>): Record<string, unknown> {
  return {
    hookSpecificOutput: {
      hookEventName: 'PermissionRequest',
      decision: { behavior: 'allow', ...(updatedInput ? { updatedInput } : {}) },
    },
  };
}
function deny(message: string): Record<string, unknown> {
  return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message } } };
}

function pick(kind: StateKind, options: readonly MenuOption[], intent: OptionIntent): MenuOption | undefined {
  if (intent === 'approve' && kind === 'plan_approval')
    return options.find((o) => o.id === 'yes_manual') ?? pickOption(options, 'approve');
  if (intent === 'approve' && kind === 'trust_prompt') return pickOption(options, 'trust');
  if (intent === 'approve' && kind === 'bypass_permissions_prompt') return options.find((o) => o.id === 'accept');
  return pickOption(options, intent);
}

function questionsOf(prompt: OpenPrompt): Question[] {
  return prompt.state.kind === 'asking' ? prompt.state.questions : [];
}

/** The label of an option given by id (screen identity), label, or 1-based number. */
function labelFor(q: Question | undefined, hookQ: Record<string, unknown> | undefined, choice: string): string {
  const byScreen = q?.options.find((o) => o.id === choice || o.label === choice || o.key === choice);
  if (byScreen) return byScreen.label;
  const hookOpts = Array.isArray(hookQ?.options) ? (hookQ.options as { label?: string }[]) : [];
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
  const byHook = hookOpts.find((o) => o.label === choice || (o.label !== undefined && slug(o.label) === choice));
  if (byHook?.label) return byHook.label;
  throw new AegisError('OPTION_NOT_FOUND', `no option ${JSON.stringify(choice)}`, { choice });
}

/** Answers prompts exactly once: the PermissionRequest hook when it is pending, else the dialog by option identity. */
export class Answerer {
  constructor(
    private readonly terminal: Terminal,
    private readonly events: EventLog,
    private readonly clock: Clock,
  ) {}

  /** A dialog reported by its hook may not be drawn yet: wait (briefly) until its options are on screen. */
  async #withOptions(rt: SessionRuntime, prompt: OpenPrompt): Promise<void> {
    for (let i = 0; i < 30 && optionsOf(prompt.state).length === 0; i++) {
      await rt.screen.refresh();
      if (rt.state.kind === prompt.kind && optionsOf(rt.state).length > 0) prompt.state = rt.state;
      else await sleep(this.clock, 100);
    }
  }

  async answer(rt: SessionRuntime, a: Answer): Promise<AnswerResult> {
    const pane = rt.record.paneId as Target;
    switch (a.action) {
      case 'interrupt': {
        if (!INTERRUPTIBLE.has(rt.state.kind))
          return { action: a.action, promptId: null, via: 'keys', optionId: null, sent: false };
        await this.terminal.sendKeys(pane, ['Escape']);
        return { action: a.action, promptId: null, via: 'keys', optionId: null, sent: true };
      }
      case 'escape':
        await this.terminal.sendKeys(pane, ['Escape']);
        return { action: a.action, promptId: null, via: 'keys', optionId: null, sent: true };
      case 'keys':
        await this.terminal.sendKeys(pane, a.keys as KeyName[]);
        return { action: a.action, promptId: null, via: 'keys', optionId: null, sent: true };
      default:
        return this.#prompted(rt, a, pane);
    }
  }

  async #prompted(
    rt: SessionRuntime,
    a: Exclude<Answer, { action: 'interrupt' | 'escape' | 'keys' }>,
    pane: Target,
  ): Promise<AnswerResult> {
    const prompt = rt.prompts.claim(a.promptId);
    try {
      const r = await this.#send(rt, prompt, a, pane);
      this.events.emit({
        type: 'prompt.answered',
        sessionId: rt.id,
        data: { promptId: prompt.id, action: a.action, via: r.via, optionId: r.optionId },
      });
      rt.touch();
      return { action: a.action, promptId: prompt.id, ...r, sent: true };
    } catch (e) {
      rt.prompts.release(prompt);
      throw e;
    }
  }

  async #send(
    rt: SessionRuntime,
    prompt: OpenPrompt,
    a: Exclude<Answer, { action: 'interrupt' | 'escape' | 'keys' }>,
    pane: Target,
  ): Promise<{ via: 'hook' | 'keys'; optionId: string | null }> {
    const reply = prompt.hook?.reply;
    if (a.action === 'answer') {
      if (prompt.kind !== 'asking')
        throw new DialogError('NOT_IN_DIALOG', 'no question is open', { open: prompt.kind });
      const screenQs = questionsOf(prompt);
      const hookQs = Array.isArray(prompt.hook?.toolInput.questions)
        ? (prompt.hook.toolInput.questions as Record<string, unknown>[])
        : [];
      const count = Math.max(screenQs.length, hookQs.length, a.options?.length ?? 0, a.text?.length ?? 0);
      const labels: string[][] = [];
      for (let i = 0; i < count; i++) {
        const free = a.text?.[i];
        labels.push(
          free !== undefined && free !== ''
            ? [free]
            : (a.options?.[i] ?? []).map((c) => labelFor(screenQs[i], hookQs[i], c)),
        );
      }
      if (reply && hookQs.length > 0) {
        const answers: Record<string, string> = {};
        hookQs.forEach(
          (q, i) => (answers[String(q.question ?? screenQs[i]?.text ?? i)] = (labels[i] ?? []).join(', ')),
        );
        reply(allow({ ...prompt.hook!.toolInput, answers }));
        return { via: 'hook', optionId: a.options?.[0]?.[0] ?? null };
      }
      await this.#withOptions(rt, prompt);
      await this.#answerByKeys(rt, prompt, a, pane);
      return { via: 'keys', optionId: a.options?.[0]?.[0] ?? null };
    }
    if (!ANSWERABLE.has(prompt.kind)) {
      throw new DialogError(
        'NOT_IN_DIALOG',
        `a ${prompt.kind} cannot be ${a.action === 'approve' ? 'approved' : 'rejected'}; use answer/escape`,
        { open: prompt.kind },
      );
    }
    const always = a.action === 'approve' && a.always === true;
    if (reply && !always && prompt.kind === 'permission_prompt') {
      reply(a.action === 'approve' ? allow() : deny(a.message ?? 'Rejected by the user'));
      return { via: 'hook', optionId: null };
    }
    // Plan approval: 2.1.331 ignores a hook "allow" for ExitPlanMode (the dialog stays): answer the dialog itself,
    // by option identity.
    // 2.1.331 ignores keys in this dialog while its hook is pending: release the hook first ("no opinion"), then
    // answer once Claude Code has redrawn the dialog.
    if (reply) {
      const redrawn = rt.screen.nextChange(1500, (fn, ms) => {
        const h = this.clock.setTimeout(fn, ms);
        return () => this.clock.clearTimeout(h);
      });
      reply({});
      await redrawn;
      await sleep(this.clock, 150);
    }
    await this.#withOptions(rt, prompt);
    const intent =
      a.action === 'approve'
        ? always
          ? 'approve_always'
          : 'approve'
        : prompt.kind === 'trust_prompt'
          ? 'exit'
          : 'deny';
    // Feedback on a plan opens a text field in the same dialog: that choice is pressed once, never confirmed by closing.
    const feedback = a.action === 'reject' && a.message !== undefined && prompt.kind === 'plan_approval';
    const option = await this.#pressOption(
      rt,
      prompt,
      (options) => pick(prompt.kind, options, intent),
      pane,
      !feedback,
    );
    if (feedback) {
      await this.terminal.sendText(pane, a.message!, { mode: 'typed' });
      await this.terminal.sendKeys(pane, ['Enter']);
    }
    return { via: 'keys', optionId: option.id };
  }

  /**
   * Presses the keys that choose an option, then confirms the dialog took them. A freshly drawn dialog can drop
   * keys or redraw with its cursor reset (2.1.331), so while the session stays in the same dialog (no captured frame
   * ever left it), the keys are worked out again from the screen and pressed again, at most MAX_PRESSES times.
   * A menu without digits is walked with arrows, and Enter is pressed only once the cursor is seen on the option.
   */
  async #pressOption(
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
      await rt.screen.nextChange(left, (fn, ms) => {
        const h = this.clock.setTimeout(fn, ms);
        return () => this.clock.clearTimeout(h);
      });
    }
  }

  /** Waits until the screen has not changed for SETTLE_MS (at most CONFIRM_MS). */
  async #settle(rt: SessionRuntime): Promise<void> {
    const deadline = this.clock.now() + CONFIRM_MS;
    while (this.clock.now() < deadline) {
      const changed = await rt.screen.nextChange(SETTLE_MS, (fn, ms) => {
        const h = this.clock.setTimeout(fn, ms);
        return () => this.clock.clearTimeout(h);
      });
      if (!changed) return;
    }
  }

  async #answerByKeys(
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
