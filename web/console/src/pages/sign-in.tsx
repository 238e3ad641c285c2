import { useState } from 'preact/hooks';
import type { FactorInput } from '@auth-service/client';
import type { ConsoleAuth, SecondStep } from '../auth';
import { ErrorMessage, PageTitle } from '../components';

/** How the sign-in page signs in: a password, a passkey, and the second step either may need. */
export interface SignInActions {
  password(email: string, password: string): Promise<SecondStep | null>;
  passkey(): Promise<SecondStep | null>;
  secondStep(mfaToken: string, factor: FactorInput): Promise<void>;
  /** Runs once a session exists. */
  done(): Promise<void>;
  passkeys: boolean;
}

/** The sign-in actions of a ConsoleAuth, `enter` once signed in. */
export function signInActions(auth: ConsoleAuth, enter: () => Promise<void>): SignInActions {
  return { password: auth.login, passkey: auth.signInWithPasskey, secondStep: auth.verifyMfa, done: enter, passkeys: auth.passkeys };
}

/** The "Sign in" form (password or passkey), then the second step when the account has a factor; `notice` says why the previous session ended. */
export function SignInPage({ actions, notice }: { actions: SignInActions; notice?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [second, setSecond] = useState<SecondStep | null>(null);
  const attempt = async (work: () => Promise<SecondStep | null>) => {
    setBusy(true);
    setError(undefined);
    try {
      const step = await work();
      if (step) {
        setSecond(step);
        setBusy(false);
      } else {
        await actions.done();
      }
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void attempt(() => actions.password(email, password));
  };
  if (second) return <SecondStepForm step={second} actions={actions} onRestart={() => setSecond(null)} />;
  return (
    <main id="main" class="sign-in">
      <form aria-labelledby="sign-in-title" onSubmit={submit}>
        <PageTitle title="Sign in">
          <span id="sign-in-title">Sign in</span>
        </PageTitle>
        <p class="hint">Admin console of the auth service. Sign in with an account that has the admin role.</p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="email">Email</label>
        <input id="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="password">Password</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <ErrorMessage error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {actions.passkeys && (
          <button type="button" disabled={busy} onClick={() => void attempt(actions.passkey)}>
            Sign in with a passkey
          </button>
        )}
      </form>
    </main>
  );
}

/** The second step: a code from the authenticator app, a recovery code, or a passkey. */
function SecondStepForm({ step, actions, onRestart }: { step: SecondStep; actions: SignInActions; onRestart: () => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const finish = async (factor: FactorInput) => {
    setBusy(true);
    setError(undefined);
    try {
      await actions.secondStep(step.mfaToken, factor);
      await actions.done();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const codes = step.methods.includes('totp') || step.methods.includes('recovery_code');
  return (
    <main id="main" class="sign-in">
      <form
        aria-labelledby="second-step-title"
        onSubmit={(e) => {
          e.preventDefault();
          void finish({ code });
        }}
      >
        <PageTitle title="Second factor">
          <span id="second-step-title">Confirm it is you</span>
        </PageTitle>
        <p class="hint">This account has a second factor. The sign-in is kept for 5 minutes.</p>
        {codes && (
          <>
            <label for="mfa-code">Code from your authenticator app, or a recovery code</label>
            <input
              id="mfa-code"
              autocomplete="one-time-code"
              inputMode="text"
              required
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
            <button type="submit" class="primary" disabled={busy}>
              Verify
            </button>
          </>
        )}
        {step.methods.includes('passkey') && actions.passkeys && (
          <button type="button" disabled={busy} onClick={() => void finish({ passkey: true })}>
            Use a passkey
          </button>
        )}
        <ErrorMessage error={error} />
        <button type="button" disabled={busy} onClick={onRestart}>
          Start over
        </button>
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
        <p>
          You are signed in as <strong>{email}</strong>, which does not have the admin role, so this console has nothing to show you.
        </p>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </main>
  );
}
