import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import { ErrorMessage, useConsole } from './components';
import type { User } from './types';

/**
 * Edits a user's roles (user, admin and the app roles of ROLES) and claims (a JSON object of at
 * most 1 KiB that access tokens carry as `claims`). Saving refuses the user's current access
 * tokens everywhere (token_outdated): their apps refresh and get the new ones.
 */
export function RolesAndClaims({ user, onSaved }: { user: User; onSaved: (message: string) => void }) {
  const { api, me } = useConsole();
  const [known, setKnown] = useState<string[]>([]);
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [claims, setClaims] = useState(JSON.stringify(user.claims ?? {}, null, 2));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.roles().then((answer) => setKnown(answer.roles), setError);
  }, [api]);
  useEffect(() => {
    setRoles(user.roles);
    setClaims(JSON.stringify(user.claims ?? {}, null, 2));
  }, [user]);

  const save = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(claims);
    } catch {
      setError(new ApiError(400, 'validation_failed', 'Claims must be a JSON object, like {"tenant": "acme"}'));
      return;
    }
    setBusy(true);
    try {
      await api.updateUser(user.id, { roles, claims: parsed as Record<string, unknown> });
      onSaved(`Saved the roles and claims of ${user.email}: tokens issued before now are refused, the next ones carry the change.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="roles-claims" onSubmit={save} aria-labelledby="roles-claims-heading">
      <h2 id="roles-claims-heading">Roles and claims</h2>
      <fieldset>
        <legend>Roles</legend>
        {known.map((role) => (
          <label key={role} class="check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              disabled={user.id === me.id && role === 'admin'}
              onChange={(e) => setRoles(e.currentTarget.checked ? [...roles, role] : roles.filter((r) => r !== role))}
            />
            {role}
          </label>
        ))}
      </fieldset>
      <label for="claims">
        Claims (JSON object, at most 1 KiB; carried in access tokens as <code>claims</code>)
      </label>
      <textarea id="claims" rows={5} spellcheck={false} value={claims} onInput={(e) => setClaims(e.currentTarget.value)} />
      <p class="hint">
        Saving refuses this user's current access tokens at once (token_outdated), here and at every guarded service; their apps refresh and
        get the new roles and claims.
      </p>
      <button type="submit" class="primary" disabled={busy || roles.length === 0}>
        Save roles and claims
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
