import { nodeFileSystem, type AegisEvent, type FileSystem, type OptionSummary } from '@aegis/core';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, InputFile, type InlineKeyboard } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { consoleLogger, type Channel, type Logger, type SessionControl } from '../channel.js';
import { SessionDirectory } from '../session-directory.js';
import { TelegramConfigSchema, type TelegramConfigInput } from './config.js';
import { clip, escapeHtml } from './format.js';
import { registerInbound } from './inbound.js';
import {
  PromptRegistry,
  answerableOptions,
  choiceKeyboard,
  questionKeyboard,
  type ChoicePrompt,
  type OpenPrompt,
  type QuestionPrompt,
} from './prompts.js';
import { renderNotice, renderPermission, renderPlan, renderQuestion, renderToolCard, toolLine } from './render.js';
import { TopicMap } from './topic-map.js';

export interface TelegramChannelOptions extends TelegramConfigInput {
  /** What buttons and commands act on; `SessionManager` satisfies it. */
  sessions: SessionControl;
  /** Bot API root. Default `https://api.telegram.org`. Tests point it at a local fake. */
  apiRoot?: string;
  /** Passed to grammY's client. Default: grammY's own. */
  fetch?: typeof fetch;
  /** Receive updates by long polling (`getUpdates`) from `start()`. Default true; false = call `handleUpdate`. */
  polling?: boolean;
  /** Skips `getMe` when known. */
  botInfo?: UserFromGetMe;
  /** 429 handling (grammY's auto-retry): waits `retry_after`, at most this many times. Default 5. */
  maxRetryAttempts?: number;
  /** A `retry_after` above this fails the call instead of waiting. Default 120 s. */
  maxRetryDelaySeconds?: number;
  /**
   * Renders a pane as an image (PNG) for `/pane`, e.g. the server's headless-browser renderer. Without it, or when
   * it fails, the screen goes out as a monospace text block.
   */
  renderPane?: (text: string, title: string) => Promise<Uint8Array>;
  fs?: FileSystem;
  logger?: Logger;
}

interface ToolCard {
  messageId: number | null;
  lines: { id: string; text: string; state: 'running' | 'ok' | 'error' }[];
}

/**
 * Telegram as a channel: one forum topic per session in a supergroup, events rendered into it, permission prompts,
 * questions and plans with buttons from the real options, and commands from allowed users steering the session.
 */
export class TelegramChannel implements Channel {
  readonly name = 'telegram';
  readonly bot: Bot;
  readonly topics: TopicMap;
  readonly prompts = new PromptRegistry();
  readonly groupId: number;
  readonly allowed: ReadonlySet<number>;
  readonly sessions: SessionControl;
  readonly logger: Logger;
  readonly renderPane: TelegramChannelOptions['renderPane'];
  readonly #directory: SessionDirectory;
  readonly #pending = new Map<string, AegisEvent[]>();
  readonly #cards = new Map<string, ToolCard>();
  readonly #polling: boolean;
  #poll: Promise<void> | null = null;

  constructor(options: TelegramChannelOptions) {
    const config = TelegramConfigSchema.parse(options);
    this.groupId = config.groupId;
    this.allowed = new Set(config.allowedUserIds);
    this.sessions = options.sessions;
    this.logger = options.logger ?? consoleLogger;
    this.renderPane = options.renderPane;
    this.topics = new TopicMap(config.topicsFile, options.fs ?? nodeFileSystem);
    this.#polling = options.polling ?? true;
    this.#directory = new SessionDirectory((id) => this.sessions.get(id));
    this.bot = new Bot(config.token, {
      ...(options.botInfo ? { botInfo: options.botInfo } : {}),
      client: {
        ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      },
    });
    this.bot.api.config.use(
      autoRetry({
        maxRetryAttempts: options.maxRetryAttempts ?? 5,
        maxDelaySeconds: options.maxRetryDelaySeconds ?? 120,
      }),
    );
    this.bot.catch((err) => this.logger.warn(`telegram: update ${err.ctx.update.update_id} failed: ${err.message}`));
    registerInbound(this);
  }

  /** Loads the topic map, fetches the bot's identity, and starts long polling (unless `polling: false`). */
  async start(): Promise<void> {
    await this.topics.load();
    await this.bot.init();
    if (this.#polling) {
      this.#poll = this.bot
        .start({ allowed_updates: ['message', 'callback_query'], drop_pending_updates: false })
        .catch((e: unknown) => {
          this.logger.warn(`telegram: polling stopped: ${e instanceof Error ? e.message : String(e)}`);
        });
    }
  }

  async stop(): Promise<void> {
    if (this.bot.isRunning()) await this.bot.stop();
    await this.#poll;
  }

  /** Feeds one update (webhook mode or tests). */
  handleUpdate(update: Parameters<Bot['handleUpdate']>[0]): Promise<void> {
    return this.bot.handleUpdate(update);
  }

  async handle(event: AegisEvent): Promise<void> {
    this.#directory.observe(event);
    if (event.type === 'prompt.answered')
      return this.#answeredElsewhere(event.sessionId, event.data.promptId, event.data.action);
    if (!this.#wanted(event)) return;
    const threadId = await this.#topicFor(event);
    if (threadId === null) return;
    await this.#render(event, threadId);
  }

  /** Sends HTML text into a topic (or the general topic with null). */
  async say(threadId: number | null, html: string, keyboard?: InlineKeyboard): Promise<number> {
    const m = await this.bot.api.sendMessage(this.groupId, html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(threadId !== null ? { message_thread_id: threadId } : {}),
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
    return m.message_id;
  }

  /** Sends an image (PNG bytes) into a topic. */
  async sayPhoto(threadId: number, png: Uint8Array, caption: string): Promise<void> {
    await this.bot.api.sendPhoto(this.groupId, new InputFile(png, 'pane.png'), {
      message_thread_id: threadId,
      caption,
    });
  }

  /** Removes a prompt's buttons and appends what happened. */
  async closePrompt(p: OpenPrompt, outcome: string): Promise<void> {
    if (p.messageId === null) return;
    await this.bot.api
      .editMessageText(this.groupId, p.messageId, `${p.html}\n\n${outcome}`, { parse_mode: 'HTML' })
      .catch((e: unknown) => {
        this.logger.warn(
          `telegram: could not close prompt ${p.promptId}: ${e instanceof Error ? e.message : String(e)}`,
        );
      });
  }

  /** Redraws a question's buttons after a toggle. */
  async redrawQuestion(p: QuestionPrompt): Promise<void> {
    if (p.messageId === null) return;
    await this.bot.api.editMessageReplyMarkup(this.groupId, p.messageId, { reply_markup: questionKeyboard(p) });
  }

  #wanted(event: AegisEvent): boolean {
    return !['message.queued', 'message.delivered', 'gate.shown'].includes(event.type);
  }

  /** The session's topic, created on its first event; events that arrive while it cannot be created wait. */
  async #topicFor(event: AegisEvent): Promise<number | null> {
    const known = this.topics.bySession(event.sessionId);
    if (known) return known.threadId;
    const waiting = this.#pending.get(event.sessionId) ?? [];
    waiting.push(event);
    if (waiting.length > 200) waiting.shift();
    this.#pending.set(event.sessionId, waiting);
    const s = this.#directory.summary(event.sessionId);
    const name = clip(s.name ?? `session ${event.sessionId.slice(0, 8)}`, 120);
    const topic = await this.bot.api.createForumTopic(this.groupId, name); // throws: the events stay buffered
    await this.topics.add({ sessionId: event.sessionId, threadId: topic.message_thread_id, name, createdAt: event.at });
    this.#pending.delete(event.sessionId);
    for (const e of waiting.slice(0, -1)) await this.#render(e, topic.message_thread_id);
    return topic.message_thread_id;
  }

  async #render(event: AegisEvent, threadId: number): Promise<void> {
    const sid = event.sessionId;
    switch (event.type) {
      case 'tool.use': {
        const card = this.#cards.get(sid) ?? { messageId: null, lines: [] };
        this.#cards.set(sid, card);
        card.lines.push({ id: event.data.toolUseId, text: toolLine(event.data), state: 'running' });
        return this.#drawCard(card, threadId);
      }
      case 'tool.result': {
        const card = this.#cards.get(sid);
        const line = card?.lines.find((l) => l.id === event.data.toolUseId);
        if (!card || !line) return;
        line.state = event.data.isError ? 'error' : 'ok';
        return this.#drawCard(card, threadId);
      }
      case 'permission.requested':
        return this.#choice(
          'permission',
          sid,
          event.data.promptId,
          threadId,
          renderPermission(event.data),
          event.data.options,
        );
      case 'plan.proposed': {
        const pieces = renderPlan(event.data);
        for (const piece of pieces.slice(0, -1)) await this.say(threadId, piece);
        return this.#choice('plan', sid, event.data.promptId, threadId, pieces.at(-1)!, event.data.options);
      }
      case 'question.asked': {
        const qs = event.data.questions;
        const p = this.prompts.add<QuestionPrompt>({
          kind: 'question',
          sessionId: sid,
          promptId: event.data.promptId,
          threadId,
          html: renderQuestion(event.data),
          questions: qs,
          selected: qs.map(() => []),
          text: qs.map(() => undefined),
        });
        p.messageId = await this.say(threadId, p.html, questionKeyboard(p));
        return;
      }
      default: {
        // The next tool starts a new card below the text; an ended session needs none.
        if (event.type === 'message.assistant' || event.type === 'message.user' || event.type === 'session.ended')
          this.#cards.delete(sid);
        for (const html of renderNotice(event) ?? []) await this.say(threadId, html);
      }
    }
  }

  async #choice(
    kind: 'permission' | 'plan',
    sessionId: string,
    promptId: string,
    threadId: number,
    html: string,
    all: OptionSummary[],
  ): Promise<void> {
    const fallback: OptionSummary[] = [
      { id: 'yes', label: 'Approve', kind: 'allow' },
      { id: 'no', label: 'Reject', kind: 'deny' },
    ];
    const { buttons, others } = answerableOptions(kind, all.length > 0 ? all : fallback);
    const note =
      others.length > 0
        ? `\n<i>Also on screen (not offered here): ${others.map((o) => escapeHtml(o.label)).join(' · ')}</i>`
        : '';
    const p = this.prompts.add<ChoicePrompt>({
      kind,
      sessionId,
      promptId,
      threadId,
      html: html + note,
      options: buttons,
    });
    p.messageId = await this.say(threadId, p.html, choiceKeyboard(p));
  }

  async #drawCard(card: ToolCard, threadId: number): Promise<void> {
    const html = renderToolCard(card.lines);
    if (card.messageId === null) card.messageId = await this.say(threadId, html);
    else
      await this.bot.api.editMessageText(this.groupId, card.messageId, html, { parse_mode: 'HTML' }).catch(notModified);
  }

  async #answeredElsewhere(sessionId: string, promptId: string, action: string): Promise<void> {
    const p = this.prompts.byPromptId(sessionId, promptId);
    if (!p || !this.prompts.claim(p)) return;
    await this.closePrompt(p, `☑️ Answered elsewhere (${action}).`);
  }
}

/** Telegram refuses an edit that changes nothing ("message is not modified"): that is success. */
function notModified(e: unknown): void {
  if (e instanceof Error && /message is not modified/i.test(e.message)) return;
  throw e;
}
