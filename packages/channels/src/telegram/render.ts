import type { AegisEvent, EventPayloads } from '@aegis/core';
import { clip, escapeHtml, splitForTelegram, stripInternalTags } from './format.js';

/** Messages (HTML) for the events that are plain notices; null for events shown otherwise or not at all. */
export function renderNotice(event: AegisEvent): string[] | null {
  switch (event.type) {
    case 'session.created': {
      const d = event.data;
      return [
        `🚀 <b>${escapeHtml(d.name)}</b> ${d.resumed ? 'resumed' : 'started'} in <code>${escapeHtml(d.workDir)}</code> (${escapeHtml(d.permissionMode)} mode)`,
      ];
    }
    case 'session.adopted':
      return ['🔄 Aegis restarted and re-attached to this session.'];
    case 'message.user': {
      const text = stripInternalTags(event.data.text);
      if (!text) return null;
      return splitForTelegram(text, 20).map((t) => `👤 <i>${escapeHtml(t)}</i>`);
    }
    case 'message.assistant': {
      const text = stripInternalTags(event.data.text);
      if (!text) return null;
      return splitForTelegram(text).map(escapeHtml);
    }
    case 'session.status': {
      const { from, to } = event.data;
      if (to === 'idle' && from !== 'idle' && from !== 'starting') return ['💤 Idle — waiting for your next message.'];
      if (to === 'error') return ['⚠️ The last turn ended with an API error.'];
      return null;
    }
    case 'session.stalled':
      return [`⏳ Stalled: ${escapeHtml(event.data.reason)}. /interrupt, then send again.`];
    case 'session.ended': {
      const d = event.data;
      const ended = `⏹ Session ended (${escapeHtml(d.reason)}${d.code !== null ? `, code ${d.code}` : ''}).`;
      // a worktree session: what it changed on its branch, to review before merging
      return d.worktree
        ? [`${ended}\n🌿 <code>${escapeHtml(d.worktree.branch)}</code>: ${escapeHtml(d.worktree.diffStat)}`]
        : [ended];
    }
    case 'message.unconfirmed':
      return event.data.submittedDifferently
        ? ['⚠️ Claude Code submitted a different text (cut or changed) instead of the message; it was not resent.']
        : ['❔ A message was typed but its delivery could not be confirmed; it was not resent.'];
    case 'pipeline.created':
      return [`🧩 Pipeline <b>${escapeHtml(event.data.name)}</b> created: ${escapeHtml(event.data.stages.join(', '))}`];
    case 'pipeline.stage': {
      const d = event.data;
      const why = d.reason ? `: ${escapeHtml(clip(d.reason, 300))}` : '';
      return [
        `🧩 Stage <b>${escapeHtml(d.stage)}</b> ${escapeHtml(d.from)} → ${escapeHtml(d.to)} (attempt ${d.attempt})${why}`,
      ];
    }
    case 'pipeline.finished': {
      const d = event.data;
      const icon = d.status === 'succeeded' ? '✅' : d.status === 'failed' ? '❌' : '⏹';
      return [
        `${icon} Pipeline <b>${escapeHtml(d.name)}</b> ${d.status}${d.reason ? `: ${escapeHtml(clip(d.reason, 300))}` : ''}`,
      ];
    }
    default:
      return null;
  }
}

/** One line of the tool-activity card. */
export function toolLine(data: EventPayloads['tool.use']): string {
  const input = (data.input ?? {}) as Record<string, unknown>;
  const detail = [input.command, input.file_path, input.path, input.pattern, input.url, input.description].find(
    (v) => typeof v === 'string',
  ) as string | undefined;
  return `${escapeHtml(data.name)}${detail ? `: <code>${escapeHtml(clip(detail.replace(/\s+/g, ' '), 80))}</code>` : ''}`;
}

/** The compact tool-activity card: last lines with ✅/❌/⏳ marks. */
export function renderToolCard(lines: { text: string; state: 'running' | 'ok' | 'error' }[], max = 12): string {
  const shown = lines.slice(-max);
  const hidden = lines.length - shown.length;
  const mark = { running: '⏳', ok: '✅', error: '❌' } as const;
  return [
    `🔧 <b>Tools</b>${hidden > 0 ? ` (+${hidden} earlier)` : ''}`,
    ...shown.map((l) => `${mark[l.state]} ${l.text}`),
  ].join('\n');
}

/** The permission prompt's text (its buttons come from the real options). */
export function renderPermission(data: EventPayloads['permission.requested']): string {
  const what = data.command ?? data.file;
  return `🔐 <b>Permission</b>: ${escapeHtml(data.tool ?? 'a tool')}${what ? `\n<pre>${escapeHtml(clip(what, 3000))}</pre>` : ''}`;
}

export function renderQuestion(data: EventPayloads['question.asked']): string {
  const qs = data.questions.map(
    (q, i) =>
      `${data.questions.length > 1 ? `${i + 1}. ` : ''}${escapeHtml(clip(q.text, 800))}${q.multiSelect ? ' <i>(several)</i>' : ''}`,
  );
  return `❓ <b>Question</b>\n${qs.join('\n')}`;
}

/** The plan, split to fit; the last piece carries the buttons. */
export function renderPlan(data: EventPayloads['plan.proposed']): string[] {
  const plan = data.plan ? stripInternalTags(data.plan) : '';
  const pieces = plan ? splitForTelegram(plan, 40).map(escapeHtml) : [];
  return [...pieces.slice(0, -1), `📋 <b>Plan</b>${pieces.length ? `\n${pieces.at(-1)}` : ''}`];
}
