import { useState } from 'preact/hooks';
import { AegisApiError, auth, type Role } from '../api.js';

/** Asked once: the key is checked by the server and kept in an HttpOnly cookie (this page never stores it). */
export function SignIn({ onSignedIn }: { onSignedIn: (role: Role) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const r = await auth.signIn(key.trim());
      onSignedIn(r.role);
    } catch (err) {
      setError(err instanceof AegisApiError ? err.message : String(err));
    }
  };
  return (
    <main class="signin">
      <form class="card" onSubmit={submit}>
        <h1>Aegis</h1>
        <label>
          API key{' '}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={key}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          />
        </label>
        <button>Sign in</button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
