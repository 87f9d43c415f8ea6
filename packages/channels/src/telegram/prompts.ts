import { randomBytes } from 'node:crypto';
import type { OptionSummary } from '@aegis/core';
import { InlineKeyboard } from 'grammy';
import { clip } from './format.js';

/** Longest button text (Telegram shows long ones cut anyway). */
export const BUTTON_TEXT = 60;

/** What pressing a permission or plan option does, from the option's kind (never its position). */
export type OptionAction = { action: 'approve'; always: boolean } | { action: 'reject' };

export function actionFor(option: OptionSummary): OptionAction {
  if (option.kind === 'allow') return { action: 'approve', always: false };
  if (option.kind === 'allow_always') return { action: 'approve', always: true };
  return { action: 'reject' };
}

/**
 * The options a button can answer faithfully: core's approve/reject choose by kind (the first `allow`, the first
 * `allow_always`, the first `deny`; a plan's approve prefers `yes_manual`), so only the option core would really
 * press gets a button. The rest are listed in the message instead of being mislabelled buttons.
 */
export function answerableOptions(
  kind: 'permission' | 'plan',
  options: readonly OptionSummary[],
): { buttons: OptionSummary[]; others: OptionSummary[] } {
  const approve =
    (kind === 'plan' ? options.find((o) => o.id === 'yes_manual') : undefined) ??
    options.find((o) => o.kind === 'allow') ??
    options.find((o) => o.kind === 'allow_always');
  const always = options.find((o) => o.kind === 'allow_always');
  const deny = options.find((o) => o.kind === 'deny');
  const chosen = new Set(
    [approve, approve?.kind === 'allow_always' ? undefined : always, deny].filter(
      (o): o is OptionSummary => o !== undefined,
    ),
  );
  return { buttons: options.filter((o) => chosen.has(o)), others: options.filter((o) => !chosen.has(o)) };
}

/** What a button does: approve (always or not) or reject, from the option (the one `answerableOptions` kept). */
export function buttonAction(kind: 'permission' | 'plan', option: OptionSummary): OptionAction {
  if (kind === 'plan' && option.id === 'yes_manual') return { action: 'approve', always: false };
  return actionFor(option);
}

/** True for the free-text row of an AskUserQuestion ("Type something" / "Other"). */
export function isFreeText(option: OptionSummary): boolean {
  return option.id === 'type_something' || /^(other|type something)/i.test(option.label);
}

interface Base {
  token: string;
  sessionId: string;
  promptId: string;
  threadId: number;
  /** The message that carries the keyboard, once sent. */
  messageId: number | null;
  /** The message's HTML text (kept to append the outcome when the keyboard is removed). */
  html: string;
  answered: boolean;
}

export interface ChoicePrompt extends Base {
  kind: 'permission' | 'plan';
  options: OptionSummary[];
}

export interface QuestionPrompt extends Base {
  kind: 'question';
  questions: { text: string; multiSelect: boolean; options: OptionSummary[] }[];
  /** Chosen option ids per question. */
  selected: string[][];
  /** Free text per question ("Other"). */
  text: (string | undefined)[];
}

export type OpenPrompt = ChoicePrompt | QuestionPrompt;

/**
 * Prompts with buttons, by a short token carried in `callback_data` (`<token>:<button>`, well under Telegram's
 * 64 bytes). Each prompt answers once: `claim` marks it before anything is sent, so a second press finds it taken.
 */
export class PromptRegistry {
  readonly #byToken = new Map<string, OpenPrompt>();
  readonly #limit: number;
  /** Per process, so a button left over from before a restart never answers a new prompt. */
  readonly #instance = randomBytes(3).toString('base64url');
  #seq = 0;

  constructor(limit = 500) {
    this.#limit = limit;
  }

  add<P extends OpenPrompt>(p: Omit<P, 'token' | 'messageId' | 'answered'>): P {
    const token = `${this.#instance}${(++this.#seq).toString(36)}`;
    const full = { ...p, token, messageId: null, answered: false } as unknown as P;
    this.#byToken.set(token, full);
    if (this.#byToken.size > this.#limit) this.#byToken.delete(this.#byToken.keys().next().value as string);
    return full;
  }

  get(token: string): OpenPrompt | undefined {
    return this.#byToken.get(token);
  }

  byPromptId(sessionId: string, promptId: string): OpenPrompt | undefined {
    for (const p of this.#byToken.values()) if (p.sessionId === sessionId && p.promptId === promptId) return p;
    return undefined;
  }

  /** The open prompt of a session (for `/approve` typed in its topic). */
  openFor(sessionId: string): OpenPrompt | undefined {
    let last: OpenPrompt | undefined;
    for (const p of this.#byToken.values()) if (p.sessionId === sessionId && !p.answered) last = p;
    return last;
  }

  /** Takes the prompt for answering; false when it was already answered (or is answering). */
  claim(p: OpenPrompt): boolean {
    if (p.answered) return false;
    p.answered = true;
    return true;
  }

  release(p: OpenPrompt): void {
    p.answered = false;
  }
}

/** One button per real option (`<token>:<index>`), one per row. */
export function choiceKeyboard(p: ChoicePrompt): InlineKeyboard {
  const kb = new InlineKeyboard();
  p.options.forEach((o, i) => {
    const a = buttonAction(p.kind, o);
    const icon = a.action === 'approve' ? (a.always ? '✅✅' : '✅') : '❌';
    kb.text(`${icon} ${clip(o.label, BUTTON_TEXT)}`, `${p.token}:${i}`).row();
  });
  return kb;
}

/** Question buttons: `<token>:<q>.<o>` per option (ticked when selected), plus `<token>:s` to submit when needed. */
export function questionKeyboard(p: QuestionPrompt): InlineKeyboard {
  const kb = new InlineKeyboard();
  const many = p.questions.length > 1;
  p.questions.forEach((q, qi) => {
    q.options.forEach((o, oi) => {
      if (o.id === 'submit') return;
      const picked = p.selected[qi]?.includes(o.id) || (isFreeText(o) && p.text[qi] !== undefined);
      const box = q.multiSelect ? (picked ? '☑ ' : '☐ ') : picked ? '● ' : '';
      const label = `${many ? `${qi + 1}. ` : ''}${box}${isFreeText(o) ? '✏️ ' : ''}${o.label}`;
      kb.text(clip(label, BUTTON_TEXT), `${p.token}:${qi}.${oi}`).row();
    });
  });
  if (needsSubmit(p)) kb.text('➡️ Submit', `${p.token}:s`);
  return kb;
}

/** A single single-select question answers on the first press; anything else collects choices, then Submit. */
export function needsSubmit(p: QuestionPrompt): boolean {
  return p.questions.length > 1 || p.questions.some((q) => q.multiSelect);
}

/** Every question has a choice or a text. */
export function complete(p: QuestionPrompt): boolean {
  return p.questions.every((_, i) => (p.selected[i]?.length ?? 0) > 0 || p.text[i] !== undefined);
}
