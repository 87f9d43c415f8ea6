import { templateRefs } from './template.js';

/** The fields of a stage spec these checks read (declared here: schema.ts calls in). */
interface StageWorktreeFields {
  name: string;
  isolation?: 'none' | 'worktree' | undefined;
  baseRef?: string | undefined;
  mergeFrom?: readonly string[] | undefined;
  mergeInto?: string | undefined;
}

/**
 * Problems with a stage's worktree fields: `baseRef`, `mergeFrom` and `mergeInto` need `isolation: "worktree"`;
 * `mergeFrom` and `baseRef` references name isolated stages this one depends on (their branches exist by then).
 */
export function worktreeIssues(
  stages: readonly StageWorktreeFields[],
  s: StageWorktreeFields,
  i: number,
  before: ReadonlySet<string>,
): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const isolated = (name: string) => stages.find((x) => x.name === name)?.isolation === 'worktree';
  if (s.isolation !== 'worktree') {
    for (const k of ['baseRef', 'mergeFrom', 'mergeInto'] as const)
      if (s[k] !== undefined) issues.push({ path: `stages.${i}.${k}`, message: `${k} needs isolation "worktree"` });
    return issues;
  }
  (s.mergeFrom ?? []).forEach((name, j) => {
    if (!before.has(name))
      issues.push({ path: `stages.${i}.mergeFrom.${j}`, message: `"${name}" is not a stage this one depends on` });
    else if (!isolated(name))
      issues.push({ path: `stages.${i}.mergeFrom.${j}`, message: `"${name}" has no branch (isolation "worktree")` });
  });
  for (const ref of templateRefs(s.baseRef ?? '')) {
    if (ref.error) issues.push({ path: `stages.${i}.baseRef`, message: ref.error });
    else if (!before.has(ref.stage))
      issues.push({ path: `stages.${i}.baseRef`, message: `"${ref.stage}" is not a stage this one depends on` });
  }
  return issues;
}
