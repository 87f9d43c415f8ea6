import { isAegisError } from '@aegis/core';
import type { Bot, Context, InlineKeyboard } from 'grammy';
import type { Logger, SessionControl } from '../channel.js';
import { clip, escapeHtml, splitForTelegram } from './format.js';
import {
  buttonAction,
  complete,
  isFreeText,
  needsSubmit,
  type OpenPrompt,
  type PromptRegistry,
  type QuestionPrompt,
} from './prompts.js';
import type { TopicMap } from './topic-map.js';

/** What the inbound handlers need of the Telegram channel. */
export interface InboundHost {
  readonly bot: Bot;
  readonly groupId: number;
  readonly allowed: ReadonlySet<number>;
  readonly logger: Logger;
  readonly prompts: PromptRegistry;
  readonly topics: TopicMap;
  readonly sessions: SessionControl;
  readonly renderPane: ((text: string, title: string) => Promise<Uint8Array>) | undefined;
  say(threadId: number | null, html: string, keyboard?: InlineKeyboard): Promise<number>;
  sayPhoto(threadId: number, png: Uint8Array, caption: string): Promise<void>;
  closePrompt(p: OpenPrompt, outcome: string): Promise<void>;
  redrawQuestion(p: QuestionPrompt): Promise<void>;
}

const REFUSED = '⛔ You are not on this bot’s allow list.';

function why(e: unknown): string {
  if (isAegisError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

function who(ctx: Context): string {
  const u = ctx.from;
  return u ? escapeHtml(u.username ? `@${u.username}` : u.first_name) : 'someone';
}

/** Wires commands, free text and button presses. Everything is refused outside the group or for users not allowed. */
export function registerInbound(ch: InboundHost): void {
  const bot = ch.bot;
  /** A topic awaiting free text for a question's "Other" row: threadId → prompt and question index. */
  const awaitingText = new Map<number, { prompt: QuestionPrompt; question: number }>();

  bot.use(async (ctx, next) => {
    if (ctx.chat?.id !== ch.groupId) return; // another chat: ignore
    if (!ctx.from || !ch.allowed.has(ctx.from.id)) {
      // Refused out loud when they try to steer (a button, a command, text in a session's topic); other chat is theirs.
      const m = ctx.message;
      const steering =
        m &&
        (m.text?.startsWith('/') ||
          (m.is_topic_message && m.message_thread_id !== undefined && ch.topics.byThread(m.message_thread_id)));
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: REFUSED, show_alert: true });
      else if (m && steering) await ctx.reply(REFUSED, { reply_parameters: { message_id: m.message_id } });
      if (ctx.callbackQuery || steering) ch.logger.warn(`telegram: refused user ${ctx.from?.id ?? 'unknown'}`);
      return;
    }
    await next();
  });

  bot.on('callback_query:data', async (ctx) => {
    const [token, button] = ctx.callbackQuery.data.split(':');
    const p = token ? ch.prompts.get(token) : undefined;
    if (!p || button === undefined) {
      await ctx.answerCallbackQuery({
        text: 'This prompt is no longer open here (Aegis restarted?): use /approve or /reject.',
        show_alert: true,
      });
      return;
    }
    if (p.answered) {
      await ctx.answerCallbackQuery({ text: 'Already answered.' });
      return;
    }
    if (p.kind === 'question') return onQuestionButton(ctx, p, button);
    const option = p.options[Number(button)];
    if (!option || !ch.prompts.claim(p)) {
      await ctx.answerCallbackQuery({ text: 'Already answered.' });
      return;
    }
    const a = buttonAction(p.kind, option);
    try {
      if (a.action === 'approve') await ch.sessions.approve(p.sessionId, { promptId: p.promptId, always: a.always });
      else await ch.sessions.reject(p.sessionId, { promptId: p.promptId });
    } catch (e) {
      if (!(isAegisError(e) && e.code === 'ALREADY_ANSWERED')) ch.prompts.release(p);
      await ctx.answerCallbackQuery({ text: clip(why(e), 190), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery({ text: option.label.slice(0, 190) });
    await ch.closePrompt(p, `${a.action === 'approve' ? '✅' : '❌'} ${escapeHtml(option.label)} — ${who(ctx)}`);
  });

  async function onQuestionButton(ctx: Context, p: QuestionPrompt, button: string): Promise<void> {
    if (button === 's') {
      if (!complete(p)) {
        await ctx.answerCallbackQuery({ text: 'Answer every question first.' });
        return;
      }
      return submitQuestion(ctx, p);
    }
    const [qi, oi] = button.split('.').map(Number) as [number, number];
    const q = p.questions[qi];
    const o = q?.options[oi];
    if (!q || !o) {
      await ctx.answerCallbackQuery();
      return;
    }
    if (isFreeText(o)) {
      awaitingText.set(p.threadId, { prompt: p, question: qi });
      await ctx.answerCallbackQuery({ text: 'Send your answer as a message in this topic.' });
      return;
    }
    const sel = p.selected[qi]!;
    p.text[qi] = undefined;
    if (q.multiSelect) {
      const at = sel.indexOf(o.id);
      if (at >= 0) sel.splice(at, 1);
      else sel.push(o.id);
    } else sel.splice(0, sel.length, o.id);
    if (!needsSubmit(p)) return submitQuestion(ctx, p);
    await ctx.answerCallbackQuery();
    await ch.redrawQuestion(p);
  }

  async function submitQuestion(ctx: Context, p: QuestionPrompt): Promise<void> {
    if (!ch.prompts.claim(p)) {
      await ctx.answerCallbackQuery({ text: 'Already answered.' });
      return;
    }
    awaitingText.delete(p.threadId);
    const anyText = p.text.some((t) => t !== undefined);
    try {
      await ch.sessions.answer(p.sessionId, {
        action: 'answer',
        promptId: p.promptId,
        options: p.selected.map((s) => (s.length ? s : ['type_something'])),
        ...(anyText ? { text: p.text.map((t) => t ?? '') } : {}),
      });
    } catch (e) {
      if (!(isAegisError(e) && e.code === 'ALREADY_ANSWERED')) ch.prompts.release(p);
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: clip(why(e), 190), show_alert: true });
      else await ctx.reply(`⚠️ ${escapeHtml(why(e))}`, { parse_mode: 'HTML' });
      return;
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: 'Answered.' });
    const summary = p.questions
      .map(
        (q, i) =>
          p.text[i] ?? (p.selected[i] ?? []).map((id) => q.options.find((o) => o.id === id)?.label ?? id).join(', '),
      )
      .map((a) => escapeHtml(clip(a, 200)))
      .join(' · ');
    await ch.closePrompt(p, `✅ ${summary} — ${who(ctx)}`);
  }

  bot.on('message:text', async (ctx) => {
    const text = ctx.message.text;
    const threadId = ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined;
    const topic = threadId !== undefined ? ch.topics.byThread(threadId) : undefined;
    const m = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text);
    const command = m?.[1]?.toLowerCase();
    const arg = m?.[2]?.trim() ?? '';
    const reply = (html: string) =>
      ctx.reply(html, { parse_mode: 'HTML', reply_parameters: { message_id: ctx.message.message_id } });

    if (!topic) {
      if (command === 'new') return newSession(arg, reply, ctx.from.id);
      if (command === 'sessions') return listSessions(reply);
      if (command !== undefined)
        await reply(
          'Here: <code>/new &lt;workDir&gt; [prompt]</code> or <code>/sessions</code>; in a session’s topic: /approve, /reject, /interrupt, /kill, /status, /pane.',
        );
      return;
    }
    const sid = topic.sessionId;
    try {
      switch (command) {
        case 'approve':
        case 'reject': {
          const open = ch.prompts.openFor(sid);
          if (open && !ch.prompts.claim(open)) return void (await reply('Already answered.'));
          try {
            const o = open ? { promptId: open.promptId } : {};
            if (command === 'approve') await ch.sessions.approve(sid, o);
            else await ch.sessions.reject(sid, arg ? { ...o, message: arg } : o);
          } catch (e) {
            if (open && !(isAegisError(e) && e.code === 'ALREADY_ANSWERED')) ch.prompts.release(open);
            throw e;
          }
          if (open)
            await ch.closePrompt(open, `${command === 'approve' ? '✅ Approved' : '❌ Rejected'} — ${who(ctx)}`);
          else await reply(command === 'approve' ? '✅ Approved.' : '❌ Rejected.');
          return;
        }
        case 'interrupt': {
          const r = await ch.sessions.interrupt(sid);
          return void (await reply(r.sent ? '⏸ Interrupted.' : 'Nothing to interrupt.'));
        }
        case 'kill':
          await ch.sessions.kill(sid);
          return void (await reply('🛑 Killed.'));
        case 'status': {
          const s = ch.sessions.get(sid);
          const pending = s.pendingPrompt ? `\nWaiting on: ${escapeHtml(s.pendingPrompt.kind)}` : '';
          return void (await reply(
            `<b>${escapeHtml(s.name)}</b>: ${escapeHtml(s.status)} · queue ${s.queueLength}${pending}`,
          ));
        }
        case 'pane': {
          const screen = (await ch.sessions.pane(sid)).replace(/\s+$/, '');
          if (ch.renderPane) {
            try {
              return void (await ch.sayPhoto(topic.threadId, await ch.renderPane(screen, topic.name), topic.name));
            } catch (e) {
              ch.logger.warn(`telegram: pane image failed, sending text: ${why(e)}`);
            }
          }
          // No image renderer (or it failed): the screen goes out as monospace text.
          for (const piece of splitForTelegram(screen || '(empty screen)', 20))
            await ch.say(topic.threadId, `<pre>${escapeHtml(piece)}</pre>`);
          return;
        }
        case undefined: {
          const waiting = awaitingText.get(topic.threadId);
          if (waiting && !waiting.prompt.answered) {
            waiting.prompt.text[waiting.question] = text;
            waiting.prompt.selected[waiting.question] = [];
            awaitingText.delete(topic.threadId);
            if (complete(waiting.prompt) || !needsSubmit(waiting.prompt)) return submitQuestion(ctx, waiting.prompt);
            await ch.redrawQuestion(waiting.prompt);
            return;
          }
          const r = await ch.sessions.send(sid, text);
          if (r.queued) await reply(`📥 Queued (position ${r.position}).`);
          else if (!r.delivered) await reply('❔ Typed, but delivery could not be confirmed.');
          return;
        }
        default:
          await reply(
            'Commands here: /approve, /reject [why], /interrupt, /kill, /status, /pane — or just write to the session.',
          );
      }
    } catch (e) {
      await reply(`⚠️ ${escapeHtml(why(e))}`);
    }
  });

  async function newSession(arg: string, reply: (html: string) => Promise<unknown>, userId: number): Promise<void> {
    const [workDir, ...rest] = arg.split(/\s+/);
    if (!workDir) return void (await reply('Usage: <code>/new &lt;workDir&gt; [prompt]</code>'));
    const prompt = arg.slice(arg.indexOf(workDir) + workDir.length).trim();
    try {
      const r = await ch.sessions.create({
        workDir,
        ...(rest.length && prompt ? { prompt } : {}),
        owner: `telegram:${userId}`,
      });
      await reply(
        `${r.reused ? '♻️ Reused' : '🚀 Started'} <b>${escapeHtml(r.session.name)}</b> (<code>${escapeHtml(r.session.id)}</code>) — its topic opens with its first event.`,
      );
    } catch (e) {
      await reply(`⚠️ ${escapeHtml(why(e))}`);
    }
  }

  async function listSessions(reply: (html: string) => Promise<unknown>): Promise<void> {
    const all = ch.sessions.list();
    if (all.length === 0) return void (await reply('No sessions.'));
    const lines = all.map(
      (s) => `• <b>${escapeHtml(s.name)}</b> — ${escapeHtml(s.status)} — <code>${escapeHtml(s.id)}</code>`,
    );
    for (const piece of splitForTelegram(lines.join('\n'))) await reply(piece);
  }
}
