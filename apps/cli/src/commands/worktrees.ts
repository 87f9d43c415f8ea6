import type { Command, Option } from 'commander';
import { table } from '../format.js';
import { CliError } from '../io.js';
import type { MergeBody, PruneResult } from '@aegis/client';
import { printJson, type Ctx } from './context.js';

type PruneEntry = PruneResult['worktrees'][number];

const count = (n: number | null) => (n === null ? 'bin' : String(n));

/** `diff <id>`: committed and uncommitted files with counts, then the unified diffs (`--stat`: no diffs). */
export async function diff(ctx: Ctx, id: string, o: { stat?: boolean }): Promise<void> {
  const d = await ctx.client.diff(id, o.stat ? { stat: 'true' } : {});
  if (ctx.json) return printJson(ctx, d);
  ctx.io.stdout(`${d.branch} against ${d.base.ref}: ${d.summary}\n`);
  for (const [label, part] of [
    ['committed', d.committed],
    ['uncommitted', d.uncommitted],
  ] as const) {
    ctx.io.stdout(`\n${label}:${part.files.length ? '' : ' nothing'}\n`);
    if (part.files.length)
      ctx.io.stdout(
        table(
          ['FILE', '+', '-'],
          part.files.map((f) => [f.path, count(f.additions), count(f.deletions)]),
        ),
      );
  }
  for (const part of [d.committed, d.uncommitted]) {
    if (part.diff) ctx.io.stdout(`\n${part.diff}${part.truncated ? '[… truncated: see --json or ?maxBytes]\n' : ''}`);
  }
}

export async function commit(ctx: Ctx, id: string, message: string): Promise<void> {
  const r = await ctx.client.commit(id, { message });
  if (ctx.json) return printJson(ctx, r);
  ctx.io.stdout(r.commit ? `committed ${r.files.length} file(s): ${r.commit}\n` : 'nothing to commit\n');
}

export async function merge(
  ctx: Ctx,
  id: string,
  o: { into?: string; strategy?: string; message?: string },
): Promise<void> {
  const strategy = o.strategy ?? 'merge';
  if (!['merge', 'squash', 'rebase'].includes(strategy))
    throw new CliError('INVALID_INPUT', `--strategy must be merge, squash or rebase, not ${JSON.stringify(strategy)}`);
  const body = {
    strategy: strategy as MergeBody['strategy'],
    ...(o.into ? { into: o.into } : {}),
    ...(o.message ? { message: o.message } : {}),
  };
  const r = await ctx.client.merge(id, body);
  if (ctx.json) return printJson(ctx, r);
  ctx.io.stdout(
    r.merged
      ? `merged into ${r.into} (${strategy}): ${r.commit}${r.updatedCheckout ? ` — ${r.updatedCheckout} updated` : ''}\n`
      : `nothing to merge: ${r.into} already has it\n`,
  );
}

/** `worktrees prune`: the worktrees of ended sessions, removed unless `--dry-run`. */
export async function prune(ctx: Ctx, o: { dryRun?: boolean; force?: boolean }): Promise<void> {
  const r = await ctx.client.pruneWorktrees({ dryRun: !!o.dryRun, force: !!o.force });
  if (ctx.json) return printJson(ctx, r);
  if (!r.worktrees.length) return ctx.io.stdout('no worktrees of ended sessions\n');
  const state = (w: PruneEntry) => (w.removed ? 'removed' : w.error ? `kept: ${w.error.code}` : 'would remove');
  ctx.io.stdout(
    table(
      ['SESSION', 'BRANCH', 'PATH', 'STATE'],
      r.worktrees.map((w) => [w.name, w.branch, w.path, state(w)]),
    ),
  );
}

/** `diff`, `commit`, `merge` and `worktrees prune`. */
export function addWorktreeCommands(program: Command, ctx: (o: { json?: boolean }) => Ctx, json: () => Option): void {
  program
    .command('diff')
    .description("a worktree session's changes against its base: committed and uncommitted files, then the diff")
    .argument('<id>')
    .option('--stat', 'only the files and counts')
    .addOption(json())
    .action((id: string, opts: { stat?: boolean; json?: boolean }) => diff(ctx(opts), id, opts));
  program
    .command('commit')
    .description("commit everything uncommitted in a worktree session's worktree")
    .argument('<id>')
    .requiredOption('-m, --message <text>', 'commit message')
    .addOption(json())
    .action((id: string, opts: { message: string; json?: boolean }) => commit(ctx(opts), id, opts.message));
  program
    .command('merge')
    .description(
      "merge a worktree session's branch into its base (409 MERGE_CONFLICT lists the files; nothing changes then)",
    )
    .argument('<id>')
    .option('--into <branch>', 'target branch (default: the base the session started from)')
    .option('--strategy <s>', 'merge, squash or rebase', 'merge')
    .option('-m, --message <text>', 'message of the merge or squash commit')
    .addOption(json())
    .action((id: string, opts: { into?: string; strategy?: string; message?: string; json?: boolean }) =>
      merge(ctx(opts), id, opts),
    );
  program
    .command('worktrees')
    .description('worktrees of sessions')
    .command('prune')
    .description(
      'remove the worktrees of ended sessions (branches stay); ones with uncommitted changes only with --force',
    )
    .option('--dry-run', 'only list them')
    .option('--force', 'also remove worktrees with uncommitted changes')
    .addOption(json())
    .action((opts: { dryRun?: boolean; force?: boolean; json?: boolean }) => prune(ctx(opts), opts));
}
