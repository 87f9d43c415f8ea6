import type { MenuOption, SessionState } from '@aegis/state';
import { DialogError } from './errors.js';

/** A dialog waiting for an answer (permission, question, plan, gate, local dialog). */
export interface OpenPrompt {
  id: string;
  kind: SessionState['kind'];
  state: SessionState;
  answered: boolean;
  /** PermissionRequest hook details, when that hook fired for this prompt. */
  hook?: { toolName: string; toolInput: Record<string, unknown>; reply?: (body: Record<string, unknown>) => void };
  announced: boolean;
}

export function optionsOf(state: SessionState): MenuOption[] {
  return 'options' in state && Array.isArray(state.options) ? state.options : [];
}

/**
 * Identity of the open dialog: a new prompt id whenever a dialog opens after the previous one was answered or
 * closed. Makes answers exactly-once: the second answer of one prompt is ALREADY_ANSWERED, never a key into the next.
 */
export class PromptTracker {
  #current: OpenPrompt | undefined;
  readonly #answered: string[] = [];
  readonly #newId: () => string;

  constructor(newId: () => string) {
    this.#newId = newId;
  }

  get current(): OpenPrompt | undefined {
    return this.#current;
  }

  /** A dialog state was observed. Returns the prompt and whether it is new. */
  observe(state: SessionState): { prompt: OpenPrompt; isNew: boolean } {
    const c = this.#current;
    if (c && !c.answered && c.kind === state.kind) {
      c.state = optionsOf(state).length > 0 || optionsOf(c.state).length === 0 ? state : c.state;
      return { prompt: c, isNew: false };
    }
    this.#closeCurrent();
    const prompt: OpenPrompt = { id: this.#newId(), kind: state.kind, state, answered: false, announced: false };
    this.#current = prompt;
    return { prompt, isNew: true };
  }

  /** No dialog on screen any more. */
  closed(): void {
    this.#closeCurrent();
  }

  /**
   * Claims the open prompt for one answer. Throws ALREADY_ANSWERED for an answered (or earlier) prompt and
   * NOT_IN_DIALOG when nothing is open.
   */
  claim(promptId?: string): OpenPrompt {
    const c = this.#current;
    if (promptId !== undefined && this.#answered.includes(promptId)) {
      throw new DialogError('ALREADY_ANSWERED', `prompt ${promptId} was already answered`, { promptId });
    }
    if (!c) throw new DialogError('NOT_IN_DIALOG', 'the session is not waiting for an answer');
    if (c.answered)
      throw new DialogError('ALREADY_ANSWERED', `prompt ${c.id} was already answered`, { promptId: c.id });
    if (promptId !== undefined && promptId !== c.id) {
      throw new DialogError('NOT_IN_DIALOG', `prompt ${promptId} is not the open prompt`, { promptId, open: c.id });
    }
    c.answered = true;
    this.#answered.push(c.id);
    if (this.#answered.length > 200) this.#answered.shift();
    return c;
  }

  /** Undo a claim whose keys could not be sent. */
  release(prompt: OpenPrompt): void {
    prompt.answered = false;
    const i = this.#answered.indexOf(prompt.id);
    if (i >= 0) this.#answered.splice(i, 1);
  }

  #closeCurrent(): void {
    const c = this.#current;
    this.#current = undefined;
    if (c?.hook?.reply) {
      c.hook.reply({}); // answered on screen (or gone): the held hook has no opinion
      delete c.hook.reply;
    }
  }
}
