import { resolve } from 'node:path';
import type { AnswerResult, CreateSessionBody } from '@aegis/client';
import { CliError, readAll } from '../io.js';
import { sessionDetail, sessionTable } from '../format.js';
import { printJson, type Ctx } from './context.js';

export interface CreateOptions {
  name?: string;
  permissionMode?: string;
  model?: string;
  reuse?: boolean;
  wait?: string;
  worktree?: boolean;
  branch?: string;
  base?: string;
  node?: string;
  labels?: string;
}

export async function create(ctx: Ctx, workDir: string, prompt: string | undefined, o: CreateOptions): Promise<void> {
  const body: CreateSessionBody = { workDir: resolve(ctx.io.cwd, workDir) };
  if (prompt) body.prompt = prompt;
  if (o.name) body.name = o.name;
  // the server answers an unknown mode with a 400 naming the valid ones
  if (o.permissionMode) body.permissionMode = o.permissionMode as CreateSessionBody['permissionMode'];
  if (o.model) body.model = o.model;
  if (o.reuse === false) body.reuse = false;
  if (o.worktree) body.isolation = 'worktree';
  if (o.branch) body.branch = o.branch;
  if (o.base) body.baseRef = o.base;
  if (o.wait !== undefined) body.promptWaitMs = intArg('--wait', o.wait);
  if (o.node) body.node = o.node;
  if (o.labels)
    body.labels = o.labels
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
  const s = await ctx.client.createSession(body);
  if (ctx.json) return printJson(ctx, s);
  const d = s.promptDelivery;
  const prompted = !d
    ? ''
    : d.delivered
      ? ', prompt delivered'
      : d.pending
        ? ', prompt queued'
        : ', prompt NOT confirmed';
  const where = s.node ? ` on node ${s.node}` : '';
  ctx.io.stdout(`${s.reused ? 'reused' : 'created'} ${s.id} (${s.status}${prompted}) in ${s.workDir}${where}\n`);
}

export interface ListOptions {
  status?: string;
  project?: string;
  limit?: string;
  page?: string;
}

export async function list(ctx: Ctx, o: ListOptions): Promise<void> {
  const r = await ctx.client.listSessions({
    ...(o.status ? { status: o.status } : {}),
    ...(o.project ? { project: o.project } : {}),
    ...(o.limit ? { limit: intArg('--limit', o.limit) } : {}),
    ...(o.page ? { page: intArg('--page', o.page) } : {}),
  });
  if (ctx.json) return printJson(ctx, r);
  ctx.io.stdout(sessionTable(r.sessions, ctx.now()));
  if (r.pagination.totalPages > 1)
    ctx.io.stdout(
      `page ${r.pagination.page} of ${r.pagination.totalPages} (${r.pagination.total} sessions; --page N)\n`,
    );
}

export async function show(ctx: Ctx, id: string, o: { pane?: boolean }): Promise<void> {
  if (o.pane) {
    const pane = await ctx.client.pane(id);
    if (ctx.json) return printJson(ctx, { pane });
    ctx.io.stdout(pane.endsWith('\n') ? pane : `${pane}\n`);
    return;
  }
  const s = await ctx.client.getSession(id);
  if (ctx.json) return printJson(ctx, s);
  ctx.io.stdout(sessionDetail(s, ctx.now()));
}

export async function send(ctx: Ctx, id: string, text: string, o: { wait?: boolean }): Promise<void> {
  let t = text;
  if (text === '-') t = (await readAll(ctx.io.stdin)).replace(/\r?\n$/, '');
  if (!t) throw new CliError('INVALID_INPUT', 'nothing to send (empty text)');
  const r = await ctx.client.send(id, { text: t, ...(o.wait ? { wait: true } : {}) });
  if (ctx.json) return printJson(ctx, r);
  // an unconfirmed delivery is an error (DELIVERY_UNCONFIRMED), printed with its code
  if (r.delivered) ctx.io.stdout(`delivered ${r.messageId}${r.attempts ? ` (attempts: ${r.attempts})` : ''}\n`);
  else ctx.io.stdout(`queued ${r.messageId} at position ${r.position}\n`);
}

function answered(ctx: Ctx, id: string, r: AnswerResult): void {
  if (ctx.json) return printJson(ctx, r);
  ctx.io.stdout(`${r.action} ${id}${r.optionId ? ` (option ${r.optionId})` : ''} via ${r.via}\n`);
}

export async function approve(ctx: Ctx, id: string, o: { always?: boolean; promptId?: string }): Promise<void> {
  const body = { ...(o.always ? { always: true } : {}), ...(o.promptId ? { promptId: o.promptId } : {}) };
  answered(ctx, id, await ctx.client.approve(id, body));
}

export async function reject(ctx: Ctx, id: string, o: { message?: string; promptId?: string }): Promise<void> {
  const body = { ...(o.message ? { message: o.message } : {}), ...(o.promptId ? { promptId: o.promptId } : {}) };
  answered(ctx, id, await ctx.client.reject(id, body));
}

/** `answer <id> blue red,green --text "…"`: one argument per question (comma-separated ids for multi-select). */
export async function answer(
  ctx: Ctx,
  id: string,
  choices: string[],
  o: { text?: string[]; promptId?: string },
): Promise<void> {
  const options = choices
    .map((c) =>
      c
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .filter((l) => l.length);
  if (!options.length && !o.text?.length)
    throw new CliError('INVALID_INPUT', 'give at least one option id (or --text)');
  const body = {
    ...(options.length ? { options } : {}),
    ...(o.text?.length ? { text: o.text } : {}),
    ...(o.promptId ? { promptId: o.promptId } : {}),
  };
  answered(ctx, id, await ctx.client.answer(id, body));
}

export async function keyAction(ctx: Ctx, id: string, action: 'interrupt' | 'escape'): Promise<void> {
  const r = action === 'interrupt' ? await ctx.client.interrupt(id) : await ctx.client.escape(id);
  if (ctx.json) return printJson(ctx, r);
  ctx.io.stdout(`${action === 'interrupt' ? 'interrupted' : 'escaped'} ${id}\n`);
}

export interface KillOptions {
  removeWorktree?: boolean;
  force?: boolean;
}

export async function kill(ctx: Ctx, id: string, o: KillOptions = {}): Promise<void> {
  await ctx.client.killSession(id, {
    ...(o.removeWorktree ? { removeWorktree: 'true' } : {}),
    ...(o.force ? { force: 'true' } : {}),
  });
  if (ctx.json) return printJson(ctx, { ok: true });
  ctx.io.stdout(`killed ${id}${o.removeWorktree ? ' and removed its worktree' : ''}
`);
}

export function intArg(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError('INVALID_INPUT', `${name} must be a whole number, not ${JSON.stringify(v)}`);
  return n;
}

/** `command <id> /compact` and `bash <id> "…"`: explicit commands (a send is always a message). */
export async function boxCommand(ctx: Ctx, kind: 'command' | 'bash', id: string, command: string): Promise<void> {
  const r = kind === 'command' ? await ctx.client.command(id, { command }) : await ctx.client.bash(id, { command });
  if (ctx.json) return printJson(ctx, r);
  ctx.io.stdout(`${r.screen.replace(/\n+$/, '')}\n(session ${id} is ${r.status})\n`);
}
