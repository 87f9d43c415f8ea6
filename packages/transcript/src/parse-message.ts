import { entry, envelope, num, str, unknownEntry, type JsonRecord } from './envelope.js';
import { defineLazy, isLazyField } from './lazy-json.js';
import { contentText, interruption, isLocalCommandText, parseLocalCommand } from './parse-text.js';
import type { AssistantMessageInfo, TranscriptEntry, Usage } from './types.js';

/** Model name Claude Code gives to messages it wrote itself. */
export const SYNTHETIC_MODEL = '<synthetic>';

function asObject(v: unknown): JsonRecord | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonRecord) : null;
}

/** A `user` record: a prompt (string content), or blocks (text, tool_result, image). */
export function parseUserRecord(r: JsonRecord, offset: number | null): TranscriptEntry[] {
  const message = asObject(r.message);
  if (message === null) return [unknownEntry(r, offset, 'shape', 'user')];
  const content = message.content;
  if (typeof content === 'string') return [userText(r, offset, 0, content, false)];
  if (!Array.isArray(content) || content.length === 0) return [unknownEntry(r, offset, 'shape', 'user')];

  const withToolResult = content.some((b) => asObject(b)?.type === 'tool_result');
  const out: TranscriptEntry[] = [];
  for (let i = 0; i < content.length; i++) {
    const block = asObject(content[i]);
    const type = block === null ? null : str(block.type);
    if (block !== null && type === 'text') {
      out.push(userText(r, offset, i, str(block.text) ?? '', withToolResult));
    } else if (block !== null && type === 'tool_result') {
      const lazy = isLazyField(block, 'content');
      const result = entry(envelope(r, offset, i, 'tool', 'user'), {
        kind: 'tool_result',
        toolUseId: str(block.tool_use_id) ?? '',
        content: lazy ? undefined : block.content,
        text: lazy ? '' : contentText(block.content),
        isError: block.is_error === true,
        toolUseResult: r.toolUseResult,
        sourceToolAssistantUuid: str(r.sourceToolAssistantUUID),
        server: false,
      });
      if (lazy) {
        // A long result stays undecoded until someone reads it (see lazy-json.ts).
        defineLazy(result, 'content', () => block.content);
        defineLazy(result, 'text', () => contentText(block.content));
      }
      out.push(result);
    } else if (block !== null && type === 'image') {
      const source = asObject(block.source);
      out.push(
        entry(envelope(r, offset, i, 'user', 'user'), {
          kind: 'image',
          mediaType: source === null ? null : str(source.media_type),
          source: block.source,
        }),
      );
    } else {
      out.push(unknownEntry(r, offset, 'content_block', `user/${type ?? ''}`, i, content[i]));
    }
  }
  return out;
}

function userText(
  r: JsonRecord,
  offset: number | null,
  i: number,
  text: string,
  withToolResult: boolean,
): TranscriptEntry {
  const isMeta = r.isMeta === true;
  if (r.isCompactSummary === true)
    return entry(envelope(r, offset, i, 'user', 'user'), { kind: 'compact_summary', text });
  const interrupted = interruption(text);
  if (interrupted !== null) {
    return entry(envelope(r, offset, i, 'user', 'user'), {
      kind: 'interrupted',
      text,
      forToolUse: interrupted.forToolUse,
      interruptedMessageId: str(r.interruptedMessageId),
    });
  }
  if (isLocalCommandText(text)) {
    return entry(envelope(r, offset, i, 'user', 'user'), parseLocalCommand(text, isMeta, 'user'));
  }
  return entry(envelope(r, offset, i, 'user', 'user'), {
    kind: 'user_prompt',
    text,
    source: str(r.promptSource),
    permissionMode: str(r.permissionMode),
    promptId: str(r.promptId),
    isMeta,
    withToolResult,
  });
}

/** An `assistant` record: one entry per content block (Claude Code writes one block per record). */
export function parseAssistantRecord(r: JsonRecord, offset: number | null): TranscriptEntry[] {
  const message = asObject(r.message);
  if (message === null || !Array.isArray(message.content)) return [unknownEntry(r, offset, 'shape', 'assistant')];
  const info: AssistantMessageInfo = {
    messageId: str(message.id),
    requestId: str(r.requestId),
    requestRef: str(r.requestRef),
    model: str(message.model),
    stopReason: str(message.stop_reason),
    usage: normaliseUsage(message.usage),
  };
  const isApiError = r.isApiErrorMessage === true;
  // A partial answer: 2.1.197 writes it as `<synthetic>`, 2.1.331 with the real model and `isAbortedMidStream`.
  const partial = info.model === SYNTHETIC_MODEL || r.isAbortedMidStream === true;
  const content = message.content as unknown[];
  if (content.length === 0) return [unknownEntry(r, offset, 'shape', 'assistant')];

  const out: TranscriptEntry[] = [];
  for (let i = 0; i < content.length; i++) {
    const block = asObject(content[i]);
    const type = block === null ? null : str(block.type);
    const base = envelope(r, offset, i, 'assistant', 'assistant');
    if (block === null || type === null) {
      out.push(unknownEntry(r, offset, 'content_block', 'assistant/', i, content[i]));
    } else if (type === 'text' && isApiError) {
      out.push(
        entry(base, {
          kind: 'api_error',
          text: str(block.text) ?? '',
          status: num(r.apiErrorStatus),
          error: str(r.error),
          errorType: str(r.apiErrorType),
          transient: typeof r.apiErrorIsTransient === 'boolean' ? r.apiErrorIsTransient : null,
          message: info,
        }),
      );
    } else if (type === 'text' && partial) {
      out.push(entry(base, { kind: 'partial_answer', text: str(block.text) ?? '', message: info }));
    } else if (type === 'text') {
      out.push(entry(base, { kind: 'assistant_text', text: str(block.text) ?? '', message: info }));
    } else if (type === 'thinking' || type === 'redacted_thinking') {
      const redacted = type === 'redacted_thinking';
      out.push(
        entry(base, { kind: 'thinking', text: redacted ? '' : (str(block.thinking) ?? ''), redacted, message: info }),
      );
    } else if (type === 'tool_use' || type === 'server_tool_use' || type === 'mcp_tool_use') {
      out.push(
        entry(base, {
          kind: 'tool_use',
          toolUseId: str(block.id) ?? '',
          name: str(block.name) ?? '',
          input: block.input,
          server: type !== 'tool_use',
          message: info,
        }),
      );
    } else if (type.endsWith('_tool_result')) {
      const inner = asObject(block.content);
      out.push(
        entry(base, {
          role: 'tool',
          kind: 'tool_result',
          toolUseId: str(block.tool_use_id) ?? '',
          content: block.content,
          text: contentText(block.content),
          isError: block.is_error === true || (inner !== null && (str(inner.type) ?? '').endsWith('_error')),
          toolUseResult: undefined,
          sourceToolAssistantUuid: null,
          server: true,
        }),
      );
    } else {
      out.push(unknownEntry(r, offset, 'content_block', `assistant/${type}`, i, content[i]));
    }
  }
  return out;
}

/** `message.usage` → {@link Usage}; null when absent. Missing counters read as 0. */
export function normaliseUsage(v: unknown): Usage | null {
  const u = asObject(v);
  if (u === null) return null;
  const cacheCreation = asObject(u.cache_creation);
  return {
    inputTokens: num(u.input_tokens) ?? 0,
    outputTokens: num(u.output_tokens) ?? 0,
    cacheCreationInputTokens: num(u.cache_creation_input_tokens) ?? 0,
    cacheCreation1hInputTokens: (cacheCreation && num(cacheCreation.ephemeral_1h_input_tokens)) ?? 0,
    cacheReadInputTokens: num(u.cache_read_input_tokens) ?? 0,
  };
}
