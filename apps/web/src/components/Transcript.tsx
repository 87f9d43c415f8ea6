import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { client, type Entry } from '../api.js';
import { useLiveEvents } from '../live.js';

const SHOWN = new Set([
  'user_prompt',
  'assistant_text',
  'tool_use',
  'tool_result',
  'interrupted',
  'api_error',
  'compact_summary',
]);

/**
 * The readable transcript: user and assistant messages, tool calls with their inputs and results (collapsed).
 * Loaded once, then read on from the last cursor whenever the session's events say something new was written.
 */
export function Transcript({ sessionId }: { sessionId: string }) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const cursor = useRef<string | undefined>(undefined);
  const loading = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const box = useRef<HTMLDivElement>(null);

  const more = useCallback(() => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = (async () => {
      do {
        again.current = false;
        const page = await client
          .read(sessionId, { limit: 500, ...(cursor.current ? { after: cursor.current } : {}) })
          .catch(() => null);
        if (!page || page.entries.length === 0) continue;
        cursor.current = page.cursor ?? cursor.current;
        setEntries((old) => [...old, ...page.entries.filter((e) => SHOWN.has(e.kind))]);
      } while (again.current);
    })().finally(() => (loading.current = null));
  }, [sessionId]);

  useEffect(() => {
    cursor.current = undefined;
    setEntries([]);
    more();
  }, [sessionId]);
  useLiveEvents(
    useCallback(
      (e) => {
        if (e.type.startsWith('message.') || e.type.startsWith('tool.')) more();
      },
      [more],
    ),
    sessionId,
  );
  useEffect(() => {
    const el = box.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 200) el.scrollTop = el.scrollHeight; // follow unless scrolled up
  }, [entries]);

  const results = new Map(entries.filter((e) => e.kind === 'tool_result').map((e) => [e.toolUseId, e]));
  return (
    <section class="transcript" aria-label="Transcript" ref={box}>
      {entries.length === 0 && <p class="muted">Nothing said yet.</p>}
      {entries.map((e) => {
        if (e.kind === 'tool_result') return null; // shown inside its tool call
        if (e.kind === 'tool_use') {
          const r = results.get(e.toolUseId);
          return (
            <details key={e.id} class="tool">
              <summary>
                🔧 {e.name} <span class="muted">{toolHint(e.input)}</span>
                {r ? (
                  r.isError ? (
                    <span class="error"> failed</span>
                  ) : (
                    <span class="ok"> done</span>
                  )
                ) : (
                  <span class="muted"> …</span>
                )}
              </summary>
              <pre>{JSON.stringify(e.input, null, 2)}</pre>
              {r && <pre class={r.isError ? 'error' : ''}>{(r.text ?? '').slice(0, 20_000)}</pre>}
            </details>
          );
        }
        const who =
          e.kind === 'user_prompt' ? 'You' : e.kind === 'assistant_text' ? 'Claude' : e.kind.replace(/_/g, ' ');
        return (
          <article key={e.id} class={`msg ${e.kind}`}>
            <header>{who}</header>
            <p>{e.text}</p>
          </article>
        );
      })}
    </section>
  );
}

function toolHint(input: unknown): string {
  const o = (input ?? {}) as Record<string, unknown>;
  const v = o.command ?? o.file_path ?? o.path ?? o.pattern ?? o.url ?? '';
  const s = String(v);
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}
