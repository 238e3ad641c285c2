import { useState } from 'preact/hooks';
import { ErrorMessage, useConsole } from './components';

/** "Invite user": creates an account and mails it a set-password link (INVITE_TTL, 7 days by default). */
export function InviteUser({ onCreated }: { onCreated: (message: string) => void }) {
  const { api } = useConsole();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [invite, setInvite] = useState(true);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (!open)
    return (
      <button type="button" class="primary" onClick={() => setOpen(true)}>
        Invite user
      </button>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const user = await api.createUser({ email: email.trim(), name: name.trim() || undefined, invite });
      onCreated(
        invite
          ? `Invited ${user.email}: a link to choose a password is on its way.`
          : `Created ${user.email}; they set a password with "Forgot password".`,
      );
      setEmail('');
      setName('');
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="invite" onSubmit={submit} aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite user</h2>
      <label for="invite-email">Email</label>
      <input id="invite-email" type="email" required autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <label for="invite-name">Name (optional)</label>
      <input id="invite-name" type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label class="check">
        <input type="checkbox" checked={invite} onChange={(e) => setInvite(e.currentTarget.checked)} /> Mail an invitation with a link to
        choose a password
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {invite ? 'Send invitation' : 'Create user'}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={busy}>
          Cancel
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
