import type { PipelineInfo, StageRecord } from './record.js';
import type { StageSpec } from './schema.js';
import type { StageValues, TemplateField } from './template.js';

/** What later stages may take from the succeeded ones (`{{stages.<name>.<field>}}`). */
export function stageValues(info: PipelineInfo, spec: (s: StageRecord) => StageSpec): StageValues {
  const out = new Map<string, Record<TemplateField, string>>();
  for (const s of info.stages) {
    if (s.status !== 'succeeded') continue;
    const w = s.worktree;
    out.set(s.name, {
      lastMessage: s.lastMessage ?? '',
      sessionId: s.sessionId ?? '',
      workDir: w?.path ?? spec(s).workDir ?? '',
      branch: w?.branch ?? '',
      diffStat: w?.diffStat ?? '',
    });
  }
  return out;
}

/** The worktree part of a stage's launch: its base (rendered) and the branches of the `mergeFrom` stages. */
export function worktreeLaunch(
  info: PipelineInfo,
  spec: StageSpec,
  render: (t: string) => string,
): { isolation?: 'worktree'; baseRef?: string; mergeFrom?: string[] } {
  if (spec.isolation !== 'worktree') return {};
  const branches = (spec.mergeFrom ?? []).map(
    (name) => info.stages.find((x) => x.name === name)?.worktree?.branch ?? name,
  );
  return {
    isolation: 'worktree',
    ...(spec.baseRef ? { baseRef: render(spec.baseRef) } : {}),
    ...(branches.length ? { mergeFrom: branches } : {}),
  };
}
