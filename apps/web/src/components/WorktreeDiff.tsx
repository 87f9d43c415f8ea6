import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  AegisApiError,
  client,
  describeError,
  type MergeBody,
  type Session,
  type WorktreeDiff as Diff,
} from '../api.js';
import { useLiveEvents } from '../live.js';
import { fileDiffs } from '../diff.js';

type Part = Diff['committed'];
const STRATEGIES: NonNullable<MergeBody['strategy']>[] = ['merge', 'squash', 'rebase'];

/**
 * A worktree session's work: branch and base, the changes committed on the branch and the uncommitted ones apart
 * (files with +/-, the unified diff per file, collapsible), and for operators Commit and Merge. The diff is text,
 * never HTML. Read again whenever the session's tools finish or its status changes.
 */
export function WorktreeDiff({ session, canChange }: { session: Session; canChange: boolean }) {
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    client
      .diff(session.id)
      .then((d) => (setDiff(d), setError(null)))
      .catch((e) => setError(describeError(e)));
  }, [session.id]);
  useEffect(load, [load]);
  useLiveEvents(
    useCallback((e) => (e.type === 'tool.result' || e.type === 'session.status') && load(), [load]),
    session.id,
  );
  const w = session.worktree!;
  return (
    <section class="worktree card" aria-label="Worktree changes">
      <header class="bar">
        <strong>Worktree</strong>
        <span>
          branch <code>{w.branch}</code> from{' '}
          {w.baseRef === w.baseCommit ? (
            <code>{w.baseCommit.slice(0, 8)}</code>
          ) : (
            <>
              <code>{w.baseRef}</code> <span class="muted">({w.baseCommit.slice(0, 8)})</span>
            </>
          )}
        </span>
        <button class="link" onClick={load}>
          Refresh
        </button>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {diff && (
        <>
          <p class="muted">{diff.summary}</p>
          <DiffPart title="Committed on the branch" part={diff.committed} />
          <DiffPart title="Uncommitted" part={diff.uncommitted} />
        </>
      )}
      {canChange && <Land session={session} onDone={load} />}
    </section>
  );
}

function DiffPart({ title, part }: { title: string; part: Part }) {
  const files = fileDiffs(part.diff ?? '');
  return (
    <div class="diff-part">
      <h3>
        {title} <span class="add">+{part.additions}</span> <span class="del">−{part.deletions}</span>
      </h3>
      {part.files.length === 0 ? (
        <p class="muted">No changes.</p>
      ) : (
        <ul class="diff-files">
          {part.files.map((f) => (
            <li key={f.path}>
              <code>{f.path}</code> <span class="add">+{f.additions ?? '?'}</span>{' '}
              <span class="del">−{f.deletions ?? '?'}</span>
            </li>
          ))}
        </ul>
      )}
      {files.map((f) => (
        <details key={f.path} class="diff-file" open={files.length <= 5}>
          <summary>{f.path}</summary>
          <pre class="diff">{f.text}</pre>
        </details>
      ))}
      {part.truncated && <p class="muted">The diff was cut (too large).</p>}
    </div>
  );
}

/** Commit (message) and Merge (into, strategy); a conflict lists its files. */
function Land({ session, onDone }: { session: Session; onDone: () => void }) {
  const [message, setMessage] = useState('');
  const [into, setInto] = useState(session.worktree!.baseRef);
  const [strategy, setStrategy] = useState<NonNullable<MergeBody['strategy']>>('merge');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<{ text: string; files: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      setNote(await fn());
      onDone();
    } catch (e) {
      const files =
        e instanceof AegisApiError && e.code === 'MERGE_CONFLICT' && Array.isArray(e.details.files)
          ? e.details.files.map(String)
          : [];
      setError({ text: describeError(e), files });
    } finally {
      setBusy(false);
    }
  };
  const commit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await client.commit(session.id, { message });
      setMessage('');
      return r.commit
        ? `Committed ${r.commit.slice(0, 8)} (${r.files.length} file${r.files.length === 1 ? '' : 's'})`
        : 'Nothing to commit';
    });
  };
  const merge = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await client.merge(session.id, { into, strategy });
      return r.merged
        ? `Merged into ${r.into} (${r.strategy}): ${r.commit.slice(0, 8)}`
        : `Nothing to merge into ${r.into}`;
    });
  };
  return (
    <div class="land">
      <form class="row" onSubmit={commit}>
        <input
          aria-label="Commit message"
          placeholder="Commit message"
          required
          value={message}
          onInput={(e) => setMessage((e.target as HTMLInputElement).value)}
        />
        <button disabled={busy}>Commit</button>
      </form>
      <form class="row" onSubmit={merge}>
        <label>
          into{' '}
          <input
            aria-label="Merge into"
            required
            value={into}
            onInput={(e) => setInto((e.target as HTMLInputElement).value)}
          />
        </label>
        <select
          aria-label="Merge strategy"
          value={strategy}
          onChange={(e) => setStrategy((e.target as HTMLSelectElement).value as typeof strategy)}
        >
          {STRATEGIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <button disabled={busy}>Merge</button>
      </form>
      {note && (
        <p class="ok" role="status">
          {note}
        </p>
      )}
      {error && (
        <div class="error" role="alert">
          <p>{error.text}</p>
          {error.files.length > 0 && (
            <>
              <p>Conflicting files:</p>
              <ul>
                {error.files.map((f) => (
                  <li key={f}>
                    <code>{f}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
