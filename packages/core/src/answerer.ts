import { allow, deny, labelFor, pick, questionsOf } from './answer-choices.js';
import { DialogKeys, timerOn } from './dialog-keys.js';
import { DialogError } from './errors.js';
import type { EventLog } from './event-log.js';
import { sleep, type Clock } from './io.js';
import type { OpenPrompt } from './prompt-tracker.js';
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

/** Answers prompts exactly once: the PermissionRequest hook when it is pending, else the dialog by option identity. */
export class Answerer {
  readonly #keys: DialogKeys;

  constructor(
    private readonly terminal: Terminal,
    private readonly events: EventLog,
    private readonly clock: Clock,
  ) {
    this.#keys = new DialogKeys(terminal, clock);
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
      await this.#keys.withOptions(rt, prompt);
      await this.#keys.answerQuestions(rt, prompt, a, pane);
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
      const redrawn = rt.screen.nextChange(1500, timerOn(this.clock));
      reply({});
      await redrawn;
      await sleep(this.clock, 150);
    }
    await this.#keys.withOptions(rt, prompt);
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
    const option = await this.#keys.pressOption(
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
}
