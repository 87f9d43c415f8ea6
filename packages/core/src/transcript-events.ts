import { startsTurn, type TranscriptEntry } from '@aegis/transcript';
import type { NewEvent } from './events.js';

/** The event announcing a transcript entry (`message.user`, `message.assistant`, `tool.use`, `tool.result`), or null. */
export function transcriptEvent(sessionId: string, e: TranscriptEntry): NewEvent | null {
  if (startsTurn(e))
    return {
      type: 'message.user',
      sessionId,
      data: { entryId: e.id, text: e.text, queued: e.source === 'queued' },
    };
  if (e.kind === 'assistant_text')
    return { type: 'message.assistant', sessionId, data: { entryId: e.id, text: e.text } };
  if (e.kind === 'tool_use')
    return {
      type: 'tool.use',
      sessionId,
      data: { entryId: e.id, toolUseId: e.toolUseId, name: e.name, input: e.input },
    };
  if (e.kind === 'tool_result')
    return {
      type: 'tool.result',
      sessionId,
      data: { entryId: e.id, toolUseId: e.toolUseId, isError: e.isError, text: e.text.slice(0, 2000) },
    };
  return null;
}
