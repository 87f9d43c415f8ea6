import type { AegisEvent, Session, TranscriptEntry } from '@aegis/client';

/** Human output: aligned tables and one-line renderings of sessions, transcript entries and events. */

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** `key  value` pairs, aligned. */
export function pairs(items: [string, string][]): string {
  const w = Math.max(...items.map(([k]) => k.length));
  return items.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

export function ago(at: number | null | undefined, now: number): string {
  if (!at) return '-';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

export function oneLine(text: string, max = 100): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function sessionTable(sessions: Session[], now: number): string {
  if (!sessions.length) return 'no sessions\n';
  return table(
    ['ID', 'NAME', 'STATUS', 'ACTIVE', 'WORKDIR'],
    sessions.map((s) => [s.id, s.name, s.status, ago(s.lastActivity, now), s.workDir]),
  );
}

export function sessionDetail(s: Session, now: number): string {
  const items: [string, string][] = [
    ['id', s.id],
    ['name', s.name],
    ['status', s.status],
    ['workDir', s.workDir],
    ['permissionMode', s.permissionMode],
    ['created', ago(s.createdAt, now)],
    ['lastActivity', ago(s.lastActivity, now)],
    ['queue', String(s.queueLength)],
  ];
  if (s.endedAt) items.push(['ended', ago(s.endedAt, now)]);
  if (s.usage) items.push(['tokens', `${s.usage.inputTokens} in / ${s.usage.outputTokens} out`]);
  const p = s.pendingPrompt;
  if (p) {
    const opts = p.options.map((o) => `${o.id}=${o.label}`).join(', ');
    items.push(['pending', `${p.kind} (prompt ${p.id})${opts ? `: ${opts}` : ''}`]);
    items.push([
      'next',
      p.kind === 'asking'
        ? `aegis-bridge answer ${s.id} <option id>`
        : `aegis-bridge approve ${s.id} | aegis-bridge reject ${s.id}`,
    ]);
  }
  return pairs(items);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** One transcript entry for people, or null for bookkeeping entries not worth a line. */
export function entryLine(e: TranscriptEntry): string | null {
  switch (e.kind) {
    case 'user_prompt':
      return `> ${str(e.text)}`;
    case 'assistant_text':
      return str(e.text);
    case 'tool_use':
      return `⏺ ${str(e.name) || 'tool'}(${oneLine(JSON.stringify(e.input ?? {}), 120)})`;
    case 'tool_result':
      return `  ⎿ ${e.isError ? 'error: ' : ''}${oneLine(str(e.text), 200)}`;
    case 'interrupted':
    case 'compact_summary':
    case 'partial_answer':
    case 'api_error':
      return `[${e.kind}] ${oneLine(str(e.text), 200)}`;
    case 'local_command':
      return `[command] ${oneLine(str(e.content), 200)}`;
    default:
      return null;
  }
}

/** One live event for people (`read --follow`); null for events shown through their transcript entry. */
export function eventLine(ev: Pick<AegisEvent, 'type' | 'data'>): string | null {
  const d = ev.data;
  switch (ev.type) {
    case 'session.status':
      return `· status: ${String(d.from)} → ${String(d.to)}`;
    case 'session.stalled':
      return `· stalled: ${String(d.reason ?? '')}`;
    case 'session.ended':
      return `· ended (${String(d.reason)})`;
    case 'message.user':
      return `> ${String(d.text ?? '')}`;
    case 'message.assistant':
      return String(d.text ?? '');
    case 'tool.use':
      return `⏺ ${String(d.name)}(${oneLine(JSON.stringify(d.input ?? {}), 120)})`;
    case 'tool.result':
      return `  ⎿ ${d.isError ? 'error: ' : ''}${oneLine(String(d.text ?? ''), 200)}`;
    case 'permission.requested':
      return `· permission requested: ${String(d.tool ?? '')}${d.command ? ` ${String(d.command)}` : ''} (approve/reject, prompt ${String(d.promptId)})`;
    case 'question.asked': {
      const qs = (d.questions as { text: string; options: { id: string; label: string }[] }[] | undefined) ?? [];
      return `· question: ${qs.map((q) => `${q.text} [${q.options.map((o) => `${o.id}=${o.label}`).join(', ')}]`).join(' / ')}`;
    }
    case 'plan.proposed':
      return `· plan proposed (prompt ${String(d.promptId)})`;
    case 'prompt.answered':
      return `· answered: ${String(d.action)}${d.optionId ? ` (${String(d.optionId)})` : ''}`;
    case 'message.delivered':
      return `· delivered (${String(d.confirmedBy)})`;
    case 'message.queued':
      return `· queued (position ${String(d.position)})`;
    case 'message.unconfirmed':
      return d.submittedDifferently ? `· Claude Code submitted a different text instead` : `· delivery unconfirmed`;
    case 'pipeline.stage':
      return `· pipeline ${String(d.pipelineId)}: stage ${String(d.stage)} ${String(d.from)} → ${String(d.to)}${d.reason ? ` (${String(d.reason)})` : ''}`;
    default:
      return null;
  }
}
