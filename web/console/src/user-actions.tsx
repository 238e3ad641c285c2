import { useState } from 'preact/hooks';
import { countLiveSessions } from './api';
import { ConfirmDialog, ErrorMessage, useConsole } from './components';
import { plural } from './format';
import type { User } from './types';

type Pending =
  | { kind: 'disable'; sessions: string }
  | { kind: 'enable' }
  | { kind: 'grant-admin' }
  | { kind: 'revoke-admin' }
  | { kind: 'end-all'; sessions: string }
  | { kind: 'delete'; sessions: string };

function sessionsText(counted: { count: number; more: boolean }): string {
  return counted.more ? `${counted.count} or more sessions` : plural(counted.count, 'session');
}

/**
 * "Disable user" / "Enable user", "Make admin" / "Remove admin" and, with `endAll`, "End all
 * sessions", each behind a confirmation that says what will happen, counted at the moment of
 * asking ("ends 3 sessions"). `onChanged` runs after a change the API accepted.
 */
export function UserActions({
  user,
  onChanged,
  endAll = false,
  onDeleted,
}: {
  user: User;
  onChanged: (message: string) => void;
  endAll?: boolean;
  onDeleted?: (message: string) => void;
}) {
  const { api, me } = useConsole();
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [counting, setCounting] = useState(false);
  const isAdmin = user.roles.includes('admin');
  const self = user.id === me.id;

  const withCount = async (kind: 'disable' | 'end-all' | 'delete') => {
    setError(undefined);
    setCounting(true);
    try {
      setPending({ kind, sessions: sessionsText(await countLiveSessions(api, user.id)) });
    } catch (e) {
      setError(e);
    } finally {
      setCounting(false);
    }
  };
  const open = (next: Pending) => {
    setError(undefined);
    setPending(next);
  };
  const roles = (admin: boolean) => (admin ? ['user', 'admin'] : user.roles.filter((role) => role !== 'admin'));

  return (
    <div class="user-actions">
      {user.disabled ? (
        <button type="button" onClick={() => open({ kind: 'enable' })}>
          Enable user
        </button>
      ) : (
        !self && (
          <button type="button" class="danger" disabled={counting} onClick={() => withCount('disable')}>
            Disable user
          </button>
        )
      )}
      {isAdmin ? (
        !self && (
          <button type="button" onClick={() => open({ kind: 'revoke-admin' })}>
            Remove admin
          </button>
        )
      ) : (
        <button type="button" onClick={() => open({ kind: 'grant-admin' })}>
          Make admin
        </button>
      )}
      {endAll && (
        <button type="button" class="danger" disabled={counting} onClick={() => withCount('end-all')}>
          End all sessions
        </button>
      )}
      {!self && (
        <button type="button" class="danger" disabled={counting} onClick={() => withCount('delete')}>
          Delete user
        </button>
      )}
      <ErrorMessage error={error} />

      {pending?.kind === 'disable' && (
        <ConfirmDialog
          title={`Disable ${user.email}?`}
          confirmLabel="Disable user"
          danger
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await api.updateUser(user.id, { disabled: true });
            onChanged(`${user.email} is disabled; their sessions have ended.`);
          }}
        >
          <p>
            This <strong>ends {pending.sessions}</strong> of {user.email} at once: their access tokens are refused from the next request.
          </p>
          <p>Every login is then refused (403 account_disabled) until the account is enabled again.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'enable' && (
        <ConfirmDialog
          title={`Enable ${user.email}?`}
          confirmLabel="Enable user"
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await api.updateUser(user.id, { disabled: false });
            onChanged(`${user.email} is enabled again.`);
          }}
        >
          <p>{user.email} can log in again. No ended session comes back: they sign in anew.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'grant-admin' && (
        <ConfirmDialog
          title={`Make ${user.email} an admin?`}
          confirmLabel="Make admin"
          danger
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await api.updateUser(user.id, { roles: roles(true) });
            onChanged(`${user.email} is now an admin.`);
          }}
        >
          <p>{user.email} can then open this console and use every /admin route: end anyone's sessions, disable accounts, rotate keys.</p>
          <p>No session is ended; their current access tokens are refused (token_outdated) and their apps refresh to get the new role.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'revoke-admin' && (
        <ConfirmDialog
          title={`Remove the admin role of ${user.email}?`}
          confirmLabel="Remove admin"
          danger
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await api.updateUser(user.id, { roles: roles(false) });
            onChanged(`${user.email} is no longer an admin.`);
          }}
        >
          <p>
            At once, everywhere: their current access tokens are refused (token_outdated) by this service and every guarded service; the
            next ones carry no admin role, and /admin answers 403 forbidden. Their sessions stay, as a normal user's.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${user.email}?`}
          confirmLabel="Delete user"
          danger
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await api.deleteUser(user.id);
            (onDeleted ?? onChanged)(`${user.email} is deleted.`);
          }}
        >
          <p>
            This <strong>ends {pending.sessions}</strong> of {user.email} at once, and deletes the account with its second factors, linked
            sign-in identities and pending links. It cannot be undone.
          </p>
          <p>The audit trail keeps its events, with the email address erased from them.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'end-all' && (
        <ConfirmDialog
          title={`End every session of ${user.email}?`}
          confirmLabel="End all sessions"
          danger
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await api.endUserSessions(user.id);
            onChanged(`Every session of ${user.email} has ended.`);
          }}
        >
          <p>
            This <strong>ends {pending.sessions}</strong>: every device of {user.email} is signed out, and their access tokens are refused
            from the next request.
          </p>
          <p>The account stays enabled: they can log in again.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
