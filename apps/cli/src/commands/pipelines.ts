import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ago, oneLine, pairs, table } from '../format.js';
import { CliError, readAll } from '../io.js';
import type { Pipeline, PipelineSpec } from '@aegis/client';
import { printJson, type Ctx } from './context.js';

/** `pipeline create <spec.json|->`: the spec as `POST /v1/pipelines` takes it; a relative `workDir` is from here. */
export async function createPipeline(ctx: Ctx, file: string): Promise<void> {
  const text =
    file === '-'
      ? await readAll(ctx.io.stdin)
      : await readFile(resolve(ctx.io.cwd, file), 'utf8').catch((e: Error) => {
          throw new CliError('INVALID_INPUT', `cannot read ${file}: ${e.message}`);
        });
  let spec: { workDir?: unknown; stages?: { workDir?: unknown }[] };
  try {
    spec = JSON.parse(text) as typeof spec;
  } catch (e) {
    throw new CliError('INVALID_INPUT', `${file === '-' ? 'stdin' : file} is not JSON: ${(e as Error).message}`);
  }
  const abs = (w: unknown) => (typeof w === 'string' ? resolve(ctx.io.cwd, w) : w);
  if (spec && typeof spec === 'object') {
    if (spec.workDir !== undefined) spec.workDir = abs(spec.workDir);
    for (const s of Array.isArray(spec.stages) ? spec.stages : [])
      if (s && typeof s === 'object' && s.workDir !== undefined) s.workDir = abs(s.workDir);
  }
  // the server validates the spec (400 with the reason); only the folders were made absolute here
  const p = await ctx.client.createPipeline(spec as PipelineSpec);
  if (ctx.json) return printJson(ctx, p);
  ctx.io.stdout(`created pipeline ${p.id} (${p.name}, ${p.stages.length} stages)\n`);
}

export async function listPipelines(ctx: Ctx, o: { status?: string }): Promise<void> {
  const r = await ctx.client.listPipelines(o.status ? { status: o.status } : {});
  if (ctx.json) return printJson(ctx, r);
  if (!r.pipelines.length) return ctx.io.stdout('no pipelines\n');
  const progress = (p: Pipeline) => `${p.stages.filter((s) => s.status === 'succeeded').length}/${p.stages.length}`;
  ctx.io.stdout(
    table(
      ['ID', 'NAME', 'STATUS', 'DONE', 'UPDATED'],
      r.pipelines.map((p) => [p.id, p.name, p.status, progress(p), ago(p.updatedAt, ctx.now())]),
    ),
  );
}

export async function showPipeline(ctx: Ctx, id: string): Promise<void> {
  const p = await ctx.client.getPipeline(id);
  if (ctx.json) return printJson(ctx, p);
  ctx.io.stdout(
    pairs([
      ['id', p.id],
      ['name', p.name],
      ['status', p.status + (p.reason ? ` (${p.reason})` : '')],
      ['created', ago(p.createdAt, ctx.now())],
    ]),
  );
  const rows = p.stages.map((s) => [
    s.name,
    s.status,
    String(s.attempt),
    s.sessionId ?? '-',
    oneLine(s.reason ?? s.lastMessage ?? '', 60),
  ]);
  ctx.io.stdout(`\n${table(['STAGE', 'STATUS', 'ATTEMPT', 'SESSION', 'LAST MESSAGE / REASON'], rows)}`);
}

export async function cancelPipeline(ctx: Ctx, id: string, o: { keepSessions?: boolean }): Promise<void> {
  const p = await ctx.client.cancelPipeline(id, o.keepSessions ? { keepSessions: true } : {});
  if (ctx.json) return printJson(ctx, p);
  ctx.io.stdout(`${p.status === 'cancelled' ? 'cancelled' : `already ${p.status}:`} pipeline ${p.id}\n`);
}
