import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { PermissionModeSchema } from '../schemas.js';
import { parseOrThrow } from '../validate.js';
import { templateRefs } from './template.js';
import { worktreeIssues } from './worktree-spec.js';

export const STAGE_NAME = /^[A-Za-z0-9._-]{1,64}$/;
export const MAX_STAGES = 50;

/** When a stage whose turn ended counts as done. One kind per check. */
export const DoneWhenSchema = z.union([
  z.strictObject({
    /** A file that must exist, relative to the stage's workDir (and inside it, also after symlinks). */
    fileExists: z.string().min(1).max(4096),
  }),
  z.strictObject({
    /** A command (argument array, no shell) run in the workDir; done when it exits 0. */
    command: z.array(z.string().min(1).max(10_000)).min(1).max(100),
    /** Default 60000. The command is killed after it. */
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
  }),
  z.strictObject({
    /** A regular expression the stage's last answer must match (tested on its last 20,000 characters). */
    lastMessageMatches: z
      .string()
      .min(1)
      .max(500)
      .refine((p) => compiles(p), 'is not a valid regular expression'),
    flags: z
      .string()
      .regex(/^[imsu]{0,4}$/)
      .optional(),
  }),
]);
export type DoneWhen = z.output<typeof DoneWhenSchema>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export const StageSpecSchema = z.strictObject({
  name: z.string().regex(STAGE_NAME, 'letters, digits, ".", "_" or "-", 1 to 64'),
  /** The folder the stage's session works in. Default: the pipeline's workDir. */
  workDir: z.string().min(1).optional(),
  /** The stage's first message; may reference earlier stages: `{{stages.<name>.lastMessage|sessionId|workDir}}`. */
  prompt: z.string().min(1).max(200_000),
  /** Stages that must have succeeded first. */
  dependsOn: z.array(z.string()).max(MAX_STAGES).default([]),
  permissionMode: PermissionModeSchema.optional(),
  model: z
    .string()
    .regex(/^[A-Za-z0-9._:[\]-]{1,100}$/)
    .optional(),
  /** Further attempts (each in a fresh session) after a failed one. Default 0. */
  retries: z.number().int().min(0).max(10).default(0),
  /** Longest an attempt may take, from launch to done (turn ended and check passed). Default 30 minutes. */
  timeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(24 * 3600_000)
    .default(30 * 60_000),
  doneWhen: DoneWhenSchema.optional(),
  // worktree isolation (worktree-spec.ts checks these)
  /** `worktree`: the stage runs in its own git worktree on its own branch; its changes are committed when it succeeds. */
  isolation: z.enum(['none', 'worktree']).optional(),
  /** With isolation: what the branch starts from, e.g. `{{stages.api.branch}}`. Default: the repository's branch. */
  baseRef: z.string().min(1).max(300).optional(),
  /** With isolation: merge the branches of these (isolated, earlier) stages in before the stage starts. */
  mergeFrom: z.array(z.string()).max(MAX_STAGES).optional(),
  /** With isolation: once the stage succeeded, merge its branch into this branch of the repository (a conflict fails the stage). */
  mergeInto: z.string().min(1).max(200).optional(),
});
export type StageSpec = z.output<typeof StageSpecSchema>;

export const PipelineSpecSchema = z.strictObject({
  name: z.string().min(1).max(200),
  /** Default workDir of stages that name none. */
  workDir: z.string().min(1).optional(),
  stages: z.array(StageSpecSchema).min(1).max(MAX_STAGES),
  /** Stages running at once. Default: the Pipelines option (4). */
  concurrency: z.number().int().min(1).max(16).optional(),
  /** Keep the sessions of finished and failed stages running (default: killed once their result is taken). */
  keepSessions: z.boolean().optional(),
  /** Owner tag of the pipeline's sessions. */
  owner: z.string().max(200).optional(),
});
export type PipelineSpecInput = z.input<typeof PipelineSpecSchema>;
export type PipelineSpec = z.output<typeof PipelineSpecSchema>;

interface Issue {
  path: string;
  message: string;
}

/**
 * Parses a spec and checks it is a DAG: unique names, known dependencies, no cycle, every stage has a workDir, and
 * every template reference names a stage it (transitively) depends on. Failures are INVALID_INPUT with `issues`.
 */
export function parsePipelineSpec(input: unknown): PipelineSpec {
  const spec = parseOrThrow(PipelineSpecSchema, input);
  const issues: Issue[] = [];
  const names = new Map<string, number>();
  spec.stages.forEach((s, i) => {
    if (names.has(s.name)) issues.push({ path: `stages.${i}.name`, message: `duplicate stage name "${s.name}"` });
    names.set(s.name, i);
    if (!s.workDir && !spec.workDir)
      issues.push({ path: `stages.${i}.workDir`, message: 'no workDir (give the stage or the pipeline one)' });
  });
  spec.stages.forEach((s, i) =>
    s.dependsOn.forEach((d, j) => {
      if (d === s.name)
        issues.push({ path: `stages.${i}.dependsOn.${j}`, message: `stage "${s.name}" depends on itself` });
      else if (!names.has(d)) issues.push({ path: `stages.${i}.dependsOn.${j}`, message: `unknown stage "${d}"` });
    }),
  );
  if (issues.length === 0) {
    const cycle = findCycle(spec.stages);
    if (cycle) issues.push({ path: 'stages', message: `dependency cycle: ${cycle.join(' → ')}` });
  }
  if (issues.length === 0) {
    spec.stages.forEach((s, i) => {
      const before = ancestors(spec.stages, s.name);
      for (const ref of templateRefs(s.prompt)) {
        if (ref.error) issues.push({ path: `stages.${i}.prompt`, message: ref.error });
        else if (!before.has(ref.stage))
          issues.push({
            path: `stages.${i}.prompt`,
            message: `{{stages.${ref.stage}.${ref.field}}}: "${ref.stage}" is not a stage this one depends on`,
          });
      }
      issues.push(...worktreeIssues(spec.stages, s, i, before));
    });
  }
  if (issues.length > 0) {
    throw new InvalidInputError(
      'INVALID_INPUT',
      `invalid pipeline: ${issues.map((x) => `${x.path} ${x.message}`).join('; ')}`,
      { issues },
    );
  }
  return spec;
}

/** A cycle as stage names (first repeated at the end), or null. */
function findCycle(stages: readonly StageSpec[]): string[] | null {
  const deps = new Map(stages.map((s) => [s.name, s.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const d of deps.get(name) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    path.pop();
    state.set(name, 'done');
    return null;
  };
  for (const s of stages) {
    const c = visit(s.name);
    if (c) return c;
  }
  return null;
}

/** Every stage `name` depends on, directly or not. */
export function ancestors(stages: readonly StageSpec[], name: string): Set<string> {
  const deps = new Map(stages.map((s) => [s.name, s.dependsOn]));
  const out = new Set<string>();
  const stack = [...(deps.get(name) ?? [])];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (out.has(d)) continue;
    out.add(d);
    stack.push(...(deps.get(d) ?? []));
  }
  return out;
}
