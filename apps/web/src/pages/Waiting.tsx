import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../api.js';
import { PromptBanner } from '../components/PromptBanner.js';
import { ago, folderName } from '../format.js';
import { useSessions, waiting } from '../live.js';

/** Every session waiting on a person, newest first, each with its answer right there (works on a phone). */
export function Waiting({ role }: { role: Role }) {
  const list = waiting(useSessions());
  const operator = role === 'operator' || role === 'admin';
  return (
    <main>
      <h1>Waiting on you</h1>
      <Notifications />
      {list.length === 0 && <p class="muted">Nothing is waiting.</p>}
      {list.map((s) => (
        <article key={s.id} class="card waiting" data-session={s.id}>
          <header>
            <a href={`/s/${s.id}`}>{s.name}</a>{' '}
            <span class="muted">
              {folderName(s.workDir)} · {ago(s.lastActivity)} ago
            </span>
          </header>
          <PromptBanner session={s} canAnswer={operator} />
        </article>
      ))}
    </main>
  );
}

/** Opt-in browser notifications when a session starts waiting. */
function Notifications() {
  const [perm, setPerm] = useState(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  useEffect(() => setPerm(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission), []);
  if (perm === 'unsupported' || perm === 'granted') return null;
  return (
    <p>
      <button onClick={() => Notification.requestPermission().then(setPerm)}>Notify me when a session waits</button>
    </p>
  );
}
