import { useCallback, useState } from 'preact/hooks';
import { AegisApiError, client, describeError } from '../api.js';
import { PromptBanner } from '../components/PromptBanner.js';
import { Terminal } from '../components/Terminal.js';
import { Transcript } from '../components/Transcript.js';
import { WorktreeDiff } from '../components/WorktreeDiff.js';
import { cost, tokens } from '../format.js';
import { useLiveEvents, useSession } from '../live.js';
import type { Role } from '../api.js';
import { Status } from './Sessions.js';

type Receipt = {
  messageId: string | null;
  state: 'sending' | 'queued' | 'delivered' | 'unconfirmed' | 'failed';
  detail?: string;
};

/** One session: terminal beside transcript, the prompt banner, a send box with its receipt, and the controls. */
export function SessionPage({ id, role }: { id: string; role: Role }) {
  const s = useSession(id);
  const operator = role === 'operator' || role === 'admin';
  if (!s)
    return (
      <main>
        <p class="muted">Loading session {id}…</p>
      </main>
    );
  const ended = s.endedAt !== null;
  return (
    <main class="session">
      <header class="session-head">
        <h1>{s.name}</h1>
        <Status status={s.status} />
        <span class="muted" title={s.workDir}>
          {s.workDir}
        </span>
        <span class="totals">
          {tokens(s.usage)} tokens · {cost(s.usage)}
        </span>
      </header>
      {!ended && <PromptBanner session={s} canAnswer={operator} />}
      <div class="split">
        {!ended ? (
          <Terminal sessionId={id} canType={operator} />
        ) : (
          <section class="terminal">
            <p class="muted">The session has ended.</p>
          </section>
        )}
        <Transcript sessionId={id} />
      </div>
      {!ended && operator && <Controls id={id} admin={role === 'admin'} />}
      {s.worktree && !s.worktree.removedAt && <WorktreeDiff session={s} canChange={operator} />}
    </main>
  );
}

function Controls({ id, admin }: { id: string; admin: boolean }) {
  const [text, setText] = useState('');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLiveEvents(
    useCallback((e) => {
      setReceipt((r) => {
        if (!r || !r.messageId || e.data.messageId !== r.messageId) return r;
        if (e.type === 'message.delivered') return { ...r, state: 'delivered' };
        if (e.type === 'message.unconfirmed') return { ...r, state: 'unconfirmed' };
        return r;
      });
    }, []),
    id,
  );
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(describeError(e));
    }
  };
  const send = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    const t = text;
    setText('');
    setReceipt({ messageId: null, state: 'sending' });
    try {
      const r = await client.send(id, { text: t });
      setReceipt({ messageId: r.messageId, state: r.delivered ? 'delivered' : 'queued' });
    } catch (err) {
      const f = err instanceof AegisApiError ? err : null;
      setReceipt({
        messageId: null,
        state: f?.code === 'DELIVERY_UNCONFIRMED' ? 'unconfirmed' : 'failed',
        detail: f?.message ?? String(err),
      });
    }
  };
  return (
    <footer class="controls">
      <form class="send" onSubmit={send}>
        <textarea
          aria-label="Message to Claude"
          placeholder="Message Claude (Enter sends, Shift+Enter for a new line)"
          rows={2}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) send(e);
          }}
        />
        <button>Send</button>
      </form>
      {receipt && (
        <p class={`receipt r-${receipt.state}`} role="status">
          Message {receipt.state}
          {receipt.detail ? `: ${receipt.detail}` : ''}
        </p>
      )}
      <div class="actions">
        <button onClick={() => run(() => client.interrupt(id))}>Interrupt</button>
        <button onClick={() => run(() => client.escape(id))}>Escape</button>
        {admin && (
          <button
            class="reject"
            onClick={() =>
              confirm('End this session? Claude and everything it started are stopped.') &&
              run(() => client.killSession(id))
            }
          >
            Kill
          </button>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </footer>
  );
}
