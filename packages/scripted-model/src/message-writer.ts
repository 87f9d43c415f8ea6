/** Writes a MessageReply as Anthropic Messages API SSE events or as one JSON message. */
import type { ServerResponse } from 'node:http';
import { newId } from './ids.js';
import type { MessageReply, ReplyBlock } from './replies.js';

export interface Usage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
  service_tier: 'standard';
}

/** Rough token estimate (4 characters a token), good enough for realistic-looking usage figures. */
export function estimateTokens(s: string): number {
  return Math.max(1, Math.ceil(s.length / 4));
}

/** Usage figures shaped like the real API's: most of a long prompt read from the cache, the newest part fresh. */
export function usageFor(body: Record<string, unknown>, outputText: string): Usage {
  const total = estimateTokens(
    JSON.stringify(body.system ?? '') + JSON.stringify(body.tools ?? '') + JSON.stringify(body.messages ?? ''),
  );
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const fresh = Math.min(total, estimateTokens(JSON.stringify(messages.at(-1) ?? '')) + 3);
  return {
    input_tokens: fresh,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: total - fresh,
    output_tokens: estimateTokens(outputText),
    service_tier: 'standard',
  };
}

type Block =
  { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function materialize(content: ReplyBlock[]): Block[] {
  return content.map((b) =>
    b.type === 'text'
      ? { type: 'text', text: b.text }
      : { type: 'tool_use', id: b.id ?? newId('toolu_'), name: b.name, input: b.input },
  );
}

function stopReason(reply: MessageReply): string {
  return reply.stopReason ?? (reply.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
}

function outputText(blocks: Block[]): string {
  return blocks.map((b) => (b.type === 'text' ? b.text : JSON.stringify(b.input))).join('');
}

/** Splits text into deltas: one per word (keeping the separator) when slow, chunks of ~48 characters when fast. */
function chunks(s: string, slow: boolean): string[] {
  const words = s.match(/\S+\s*|\s+/g) ?? [s];
  if (slow) return words;
  const out: string[] = [];
  for (const w of words) {
    const last = out.length - 1;
    if (last >= 0 && out[last]!.length + w.length <= 48) out[last] += w;
    else out.push(w);
  }
  return out.length ? out : [''];
}

export interface WriteOptions {
  model: string;
  /** Resolves after `ms`, or early (returning false) once the client or server went away. */
  sleep: (ms: number) => Promise<boolean>;
}

/** Non-streamed reply: one JSON message. */
export function messageJson(
  reply: MessageReply,
  body: Record<string, unknown>,
  model: string,
): Record<string, unknown> {
  const blocks = materialize(reply.content);
  return {
    id: newId('msg_'),
    type: 'message',
    role: 'assistant',
    model,
    content: blocks,
    stop_reason: stopReason(reply),
    stop_sequence: null,
    usage: usageFor(body, outputText(blocks)),
  };
}

/** Streams the reply; returns false when the connection went away before the end. */
export async function writeSse(
  res: ServerResponse,
  reply: MessageReply,
  body: Record<string, unknown>,
  opts: WriteOptions,
): Promise<boolean> {
  const blocks = materialize(reply.content);
  const usage = usageFor(body, outputText(blocks));
  const send = (type: string, data: Record<string, unknown>) => {
    if (!res.writableEnded && !res.destroyed)
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': newId('req_'),
  });
  send('message_start', {
    message: {
      id: newId('msg_'),
      type: 'message',
      role: 'assistant',
      model: opts.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  send('ping', {});
  const slow = (reply.durationMs ?? 0) > 0;
  const textDeltas = blocks.reduce((n, b) => n + (b.type === 'text' ? chunks(b.text, slow).length : 0), 0);
  const gap = slow ? reply.durationMs! / Math.max(1, textDeltas) : 0;
  for (const [index, b] of blocks.entries()) {
    if (b.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const piece of chunks(b.text, slow)) {
        if (gap > 0 && !(await opts.sleep(gap))) return false;
        send('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
      }
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      const json = JSON.stringify(b.input);
      const half = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, half), json.slice(half)]) {
        send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    }
    send('content_block_stop', { index });
  }
  send('message_delta', {
    delta: { stop_reason: stopReason(reply), stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  send('message_stop', {});
  if (res.destroyed) return false;
  await new Promise<void>((resolve) => res.end(resolve));
  return true;
}
