import { useState } from 'preact/hooks';
import { ConfirmDialog, ErrorMessage, Loading, Time, useAsync, useConsole } from '../components';
import { plural } from '../format';

/**
 * A user's second factors (never a secret: kinds, names and dates) and "Reset second factors",
 * which the API allows an admin who confirmed it is them within STEP_UP_MAX_AGE: the dialog asks
 * for the admin's own code or passkey and steps up first.
 */
export function UserFactors({ userId, email, onChanged }: { userId: string; email: string; onChanged: (message: string) => void }) {
  const { api, auth } = useConsole();
  const factors = useAsync(() => api.userFactors(userId), [userId]);
  const [confirming, setConfirming] = useState(false);
  const [code, setCode] = useState('');
  const [steppedUp, setSteppedUp] = useState(false);
  const [passkeyError, setPasskeyError] = useState<unknown>();
  const data = factors.data;
  const none = data && data.totp.length === 0 && data.passkeys.length === 0;

  return (
    <>
      <h2 id="factors-heading">Second factors</h2>
      <ErrorMessage error={factors.error} />
      {factors.loading && !data && <Loading what="the second factors" />}
      {none && (
        <p class="muted" role="status">
          No second factor: the password alone signs in.
        </p>
      )}
      {data && !none && (
        <table aria-labelledby="factors-heading">
          <caption>{`${plural(data.totp.length + data.passkeys.length, 'factor')}; ${plural(data.recoveryCodesLeft, 'recovery code')} left`}</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Name</th>
              <th scope="col">Added</th>
              <th scope="col">Last used</th>
            </tr>
          </thead>
          <tbody>
            {data.totp.map((f) => (
              <tr key={f.id}>
                <th scope="row">Authenticator app (TOTP)</th>
                <td>—</td>
                <td>
                  <Time iso={f.createdAt} />
                </td>
                <td>
                  <Time iso={f.lastUsedAt} />
                </td>
              </tr>
            ))}
            {data.passkeys.map((p) => (
              <tr key={p.id}>
                <th scope="row">Passkey{p.backedUp ? ' (synced)' : ''}</th>
                <td>{p.name}</td>
                <td>
                  <Time iso={p.createdAt} />
                </td>
                <td>
                  <Time iso={p.lastUsedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && !none && (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          Reset second factors
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Reset the second factors of ${email}?`}
          confirmLabel="Reset second factors"
          danger
          onClose={() => {
            setConfirming(false);
            setCode('');
          }}
          onConfirm={async () => {
            // step-up first with the admin's own code, unless a passkey just did it
            if (!steppedUp && code) await auth.stepUp({ code });
            await api.resetFactors(userId);
            setSteppedUp(false);
            onChanged(`The second factors of ${email} were removed; their sessions have ended.`);
            factors.reload();
          }}
        >
          <p>
            Every authenticator app, passkey and recovery code of {email} is removed and <strong>every session of theirs ends</strong>. They
            sign in with the password alone, then set up new factors.
          </p>
          <p>Confirm it is you: this needs your own second factor.</p>
          <label for="step-up-code">Your code (authenticator app or recovery code)</label>
          <input id="step-up-code" autocomplete="one-time-code" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          {auth.passkeys && (
            <button
              type="button"
              onClick={async () => {
                setPasskeyError(undefined);
                try {
                  await auth.stepUp({ passkey: true });
                  setSteppedUp(true);
                } catch (e) {
                  setPasskeyError(e);
                }
              }}
            >
              {steppedUp ? 'Confirmed with your passkey' : 'Use my passkey'}
            </button>
          )}
          <ErrorMessage error={passkeyError} />
        </ConfirmDialog>
      )}
    </>
  );
}
