import type { NewEvent, OptionSummary } from './events.js';
import { optionsOf, type OpenPrompt } from './prompt-tracker.js';

const summary = (o: { id: string; label: string; kind: string }): OptionSummary => ({
  id: o.id,
  label: o.label,
  kind: o.kind,
});

/** The event that announces an open prompt (`permission.requested`, `question.asked`, `plan.proposed`), or null. */
export function promptEvent(sessionId: string, prompt: OpenPrompt): NewEvent | null {
  const s = prompt.state;
  const options = optionsOf(s).map(summary);
  if (s.kind === 'permission_prompt') {
    return {
      type: 'permission.requested',
      sessionId,
      data: { promptId: prompt.id, tool: s.tool ?? null, command: s.command ?? null, file: s.file ?? null, options },
    };
  }
  if (s.kind === 'asking') {
    const questions = s.questions.map((q) => ({
      text: q.text,
      multiSelect: q.multiSelect,
      options: q.options.map(summary),
    }));
    return { type: 'question.asked', sessionId, data: { promptId: prompt.id, questions } };
  }
  if (s.kind === 'plan_approval')
    return { type: 'plan.proposed', sessionId, data: { promptId: prompt.id, plan: s.plan ?? null, options } };
  return null;
}
