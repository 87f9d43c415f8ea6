/** What a prompt may take from an earlier stage. */
export const TEMPLATE_FIELDS = ['lastMessage', 'sessionId', 'workDir', 'branch', 'diffStat'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** Values of the stages a prompt may reference, by stage name. */
export type StageValues = ReadonlyMap<string, Readonly<Partial<Record<TemplateField, string>>>>;

// `{{ stages.<name>.<field> }}`; anything else between braces is left as written.
const REF = /\{\{\s*stages\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;

export interface TemplateRef {
  stage: string;
  field: TemplateField;
  /** Set when the reference is malformed (unknown field). */
  error?: string;
}

/** Every `{{stages.…}}` reference in a prompt. */
export function templateRefs(prompt: string): TemplateRef[] {
  const out: TemplateRef[] = [];
  for (const m of prompt.matchAll(REF)) out.push(parseRef(m[1]!));
  return out;
}

function parseRef(path: string): TemplateRef {
  // Stage names may contain dots: the field is the last segment.
  const dot = path.lastIndexOf('.');
  const stage = dot < 0 ? path : path.slice(0, dot);
  const field = dot < 0 ? '' : path.slice(dot + 1);
  if (!(TEMPLATE_FIELDS as readonly string[]).includes(field)) {
    return {
      stage,
      field: 'lastMessage',
      error: `{{stages.${path}}}: use {{stages.<name>.${TEMPLATE_FIELDS.join('|')}}}`,
    };
  }
  return { stage, field: field as TemplateField };
}

/**
 * Replaces each reference with the stage's value in one pass: plain text substitution, so nothing in a value is
 * evaluated or expanded again (a previous answer containing `{{…}}` stays literal).
 */
export function renderPrompt(prompt: string, values: StageValues): string {
  return prompt.replace(REF, (whole, path: string) => {
    const ref = parseRef(path);
    const v = ref.error ? undefined : values.get(ref.stage)?.[ref.field];
    return v ?? whole;
  });
}
