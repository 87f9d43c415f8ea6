import { pickOption, type MenuOption, type OptionIntent, type Question, type StateKind } from '@aegis/state';
import { AegisError } from './errors.js';
import type { OpenPrompt } from './prompt-tracker.js';

// What an answer means: hook reply bodies, the option an intent picks, the label a choice names.

export function allow(updatedInput?: Record<string, unknown>): Record<string, unknown> {
  return {
    hookSpecificOutput: {
      hookEventName: 'PermissionRequest',
      decision: { behavior: 'allow', ...(updatedInput ? { updatedInput } : {}) },
    },
  };
}
export function deny(message: string): Record<string, unknown> {
  return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message } } };
}

export function pick(kind: StateKind, options: readonly MenuOption[], intent: OptionIntent): MenuOption | undefined {
  if (intent === 'approve' && kind === 'plan_approval')
    return options.find((o) => o.id === 'yes_manual') ?? pickOption(options, 'approve');
  if (intent === 'approve' && kind === 'trust_prompt') return pickOption(options, 'trust');
  if (intent === 'approve' && kind === 'bypass_permissions_prompt') return options.find((o) => o.id === 'accept');
  return pickOption(options, intent);
}

export function questionsOf(prompt: OpenPrompt): Question[] {
  return prompt.state.kind === 'asking' ? prompt.state.questions : [];
}

/** The label of an option given by id (screen identity), label, or 1-based number. */
export function labelFor(q: Question | undefined, hookQ: Record<string, unknown> | undefined, choice: string): string {
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
