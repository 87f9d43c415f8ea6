/** Test helper: parse an SSE body into events and rebuild the message from them. */
export interface SseEvent {
  event: string;
  data: Record<string, any>;
}

export function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? '{}');
      return { event, data };
    });
}

/** Rebuilds the content blocks (text joined, tool input JSON assembled) like an SDK would. */
export function assemble(events: SseEvent[]): Array<Record<string, any>> {
  const blocks: Array<Record<string, any>> = [];
  const partial: string[] = [];
  for (const { event, data } of events) {
    if (event === 'content_block_start') {
      blocks[data.index] = { ...data.content_block };
      partial[data.index] = '';
    } else if (event === 'content_block_delta') {
      if (data.delta.type === 'text_delta') blocks[data.index]!.text += data.delta.text;
      else partial[data.index] += data.delta.partial_json;
    } else if (event === 'content_block_stop' && blocks[data.index]!.type === 'tool_use') {
      blocks[data.index]!.input = JSON.parse(partial[data.index] || '{}');
    }
  }
  return blocks;
}
