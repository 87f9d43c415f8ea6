import { useState } from 'preact/hooks';
import { AegisApiError, client, type Session } from '../api.js';
import { ago, cost, folderName, statusClass, statusWord, tokens } from '../format.js';
import { useSessions } from '../live.js';

const MODES = ['default', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions'] as const;

/** Every session, live: status as colour and word, age, last activity, tokens and cost, queue; filters; a new one. */
export function Sessions({ canCreate }: { canCreate: boolean }) {
  const sessions = useSessions();
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const statuses = [...new Set(sessions.map((s) => s.status))].sort();
  const needle = text.toLowerCase();
  const shown = sessions.filter(
    (s) => (!status || s.status === status) && (!needle || `${s.name} ${s.workDir}`.toLowerCase().includes(needle)),
  );
  return (
    <main>
      <h1>Sessions</h1>
      <div class="filters">
        <select
          aria-label="Filter by status"
          value={status}
          onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}
        >
          <option value="">every status</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {statusWord(s)}
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder="Filter by name or folder"
          aria-label="Filter by name or folder"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
      </div>
      <table class="sessions">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th class="wide">Folder</th>
            <th>Age</th>
            <th class="wide">Active</th>
            <th class="wide">Tokens</th>
            <th>Cost</th>
            <th class="wide">Queue</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <Row key={s.id} s={s} />
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p class="muted">No sessions{sessions.length ? ' match' : ' yet'}.</p>}
      {canCreate && <NewSession />}
    </main>
  );
}

function Row({ s }: { s: Session }) {
  return (
    <tr data-session={s.id}>
      <td>
        <a href={`/s/${s.id}`}>{s.name}</a>
      </td>
      <td>
        <Status status={s.status} />
      </td>
      <td class="wide" title={s.workDir}>
        {folderName(s.workDir)}
      </td>
      <td>{ago(s.createdAt)}</td>
      <td class="wide">{ago(s.lastActivity)} ago</td>
      <td class="wide">{tokens(s.usage)}</td>
      <td>{cost(s.usage)}</td>
      <td class="wide">{s.queueLength}</td>
    </tr>
  );
}

export function Status({ status }: { status: string }) {
  return (
    <span class={`status ${statusClass(status)}`} data-status={status}>
      {statusWord(status)}
    </span>
  );
}

function NewSession() {
  const [workDir, setWorkDir] = useState('');
  const [prompt, setPrompt] = useState('');
  const [mode, setMode] = useState<(typeof MODES)[number]>('default');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await client.createSession({
        workDir,
        ...(prompt ? { prompt } : {}),
        permissionMode: mode,
        promptWaitMs: 0,
      });
      location.assign(`/s/${s.id}`);
    } catch (err) {
      setError(err instanceof AegisApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card new" onSubmit={submit}>
      <h2>New session</h2>
      <label>
        Folder{' '}
        <input
          required
          value={workDir}
          placeholder="/path/to/project"
          onInput={(e) => setWorkDir((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Prompt <textarea rows={3} value={prompt} onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label>
        Permission mode
        <select value={mode} onChange={(e) => setMode((e.target as HTMLSelectElement).value as (typeof MODES)[number])}>
          {MODES.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <button disabled={busy}>Start</button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
