import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, Route, Router } from 'preact-iso';
import { AegisApiError, auth, type Role } from './api.js';
import { live, useSessions, waiting } from './live.js';
import { PipelinePage, Pipelines } from './pages/Pipelines.js';
import { SessionPage } from './pages/SessionPage.js';
import { Sessions } from './pages/Sessions.js';
import { SignIn } from './pages/SignIn.js';
import { Waiting } from './pages/Waiting.js';
import './style.css';

/** Signs in when the server asks for a key, then shows the pages. */
function App() {
  const [role, setRole] = useState<Role | null>(null);
  const [needKey, setNeedKey] = useState(false);
  const [authRequired, setAuthRequired] = useState(false);
  useEffect(() => {
    auth
      .whoami()
      .then((w) => {
        setAuthRequired(w.authRequired);
        setRole(w.role);
      })
      .catch((e) => (e instanceof AegisApiError && e.status === 401 ? setNeedKey(true) : setRole('viewer')));
  }, []);
  useEffect(() => {
    if (role) live.start();
  }, [role]);
  if (needKey && !role) return <SignIn onSignedIn={(r) => (setAuthRequired(true), setRole(r))} />;
  if (!role) return null;
  return (
    <LocationProvider>
      <Nav role={role} authRequired={authRequired} />
      <Router>
        <Route path="/" component={() => <Sessions canCreate={role !== 'viewer'} />} />
        <Route path="/s/:id" component={({ id }: { id: string }) => <SessionPage id={id} role={role} />} />
        <Route path="/waiting" component={() => <Waiting role={role} />} />
        <Route path="/pipelines" component={() => <Pipelines role={role} />} />
        <Route path="/pipelines/:id" component={({ id }: { id: string }) => <PipelinePage id={id} role={role} />} />
        <Route
          default
          component={() => (
            <main>
              <h1>Not found</h1>
              <a href="/">Sessions</a>
            </main>
          )}
        />
      </Router>
    </LocationProvider>
  );
}

/** The top bar; the waiting count is in the page title too, and a notification fires when a session starts waiting. */
function Nav({ role, authRequired }: { role: Role; authRequired: boolean }) {
  const w = waiting(useSessions());
  const [seen] = useState(() => new Set<string>());
  useEffect(() => {
    document.title = w.length ? `(${w.length}) Aegis` : 'Aegis';
    for (const s of w) {
      const key = s.pendingPrompt!.id;
      if (seen.has(key)) continue;
      seen.add(key);
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden)
        new Notification(`${s.name} is waiting`, { body: s.pendingPrompt!.kind.replace(/_/g, ' '), tag: key });
    }
  }, [w.map((s) => s.pendingPrompt!.id).join()]);
  return (
    <nav class="top">
      <a href="/" class="brand">
        Aegis
      </a>
      <a href="/">Sessions</a>
      <a href="/waiting">
        Waiting
        {w.length > 0 && (
          <span class="count" aria-label={`${w.length} waiting`}>
            {w.length}
          </span>
        )}
      </a>
      <a href="/pipelines">Pipelines</a>
      <span class="role">{role}</span>
      {authRequired && (
        <button class="link" onClick={() => auth.signOut().then(() => location.reload())}>
          Sign out
        </button>
      )}
    </nav>
  );
}

render(<App />, document.getElementById('app')!);
