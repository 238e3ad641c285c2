import { useState } from 'preact/hooks';
import { ErrorMessage, PageTitle } from '../components';

/** The "Sign in" form; `notice` says why the previous session ended, if it did. */
export function SignInPage({ onSignIn, notice }: { onSignIn: (email: string, password: string) => Promise<void>; notice?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn(email, password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <form aria-labelledby="sign-in-title" onSubmit={submit}>
        <PageTitle title="Sign in"><span id="sign-in-title">Sign in</span></PageTitle>
        <p class="hint">Admin console of the auth service. Sign in with an account that has the admin role.</p>
        {notice && <p class="notice" role="status">{notice}</p>}
        <label for="email">Email</label>
        <input id="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="password">Password</label>
        <input id="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <ErrorMessage error={error} />
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}

/** All a signed-in non-admin sees. */
export function NotAdminPage({ email, onSignOut }: { email: string; onSignOut: () => void }) {
  return (
    <main id="main" class="sign-in">
      <div class="panel">
        <PageTitle title="Not an admin">This account is not an admin</PageTitle>
        <p>You are signed in as <strong>{email}</strong>, which does not have the admin role, so this console has nothing to show you.</p>
        <button type="button" onClick={onSignOut}>Sign out</button>
      </div>
    </main>
  );
}
