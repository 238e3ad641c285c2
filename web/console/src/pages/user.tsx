import { ErrorMessage, Loading, Notice, PageTitle, Pager, Time, useAction, useAsync, useConsole, usePager } from '../components';
import { plural, shortId } from '../format';
import { href } from '../router';
import type { Session } from '../types';
import { UserActions } from '../user-actions';
import { AuditTable } from './audit';
import { UserFactors } from './user-factors';
import { RolesAndClaims } from '../roles-claims';
import { useState } from 'preact/hooks';

const RECENT_EVENTS = 10;

/** A user: who they are, their live sessions (end one or all), their recent audit events. */
export function UserPage({ id }: { id: string }) {
  const { api } = useConsole();
  const action = useAction();
  const [deleted, setDeleted] = useState<string>();
  const user = useAsync(() => api.user(id), [id]);
  const pager = usePager([id]);
  const sessions = useAsync(() => api.sessions(id, pager.cursor), [id, pager.cursor]);
  const events = useAsync(() => api.audit({ userId: id }, undefined, RECENT_EVENTS), [id]);
  const identities = useAsync(() => api.identities(id), [id]);
  const reloadAll = () => {
    user.reload();
    sessions.reload();
    events.reload();
    identities.reload();
  };
  const endSession = (session: Session) =>
    action.run(
      () => api.endSession(session.id),
      `Ended the session on ${session.deviceName ?? session.deviceId}.`,
      () => {
        sessions.reload();
        events.reload();
      },
    );

  if (deleted) {
    return (
      <section>
        <PageTitle title="User deleted">User deleted</PageTitle>
        <Notice text={deleted} />
        <p>
          <a href={href.users()}>Back to the users</a>
        </p>
      </section>
    );
  }

  return (
    <section>
      <PageTitle title={user.data?.email ?? 'User'}>{user.data ? user.data.email : 'User'}</PageTitle>
      <ErrorMessage error={user.error} />
      {user.loading && !user.data && <Loading what="the user" />}
      {user.data && (
        <>
          <dl class="facts">
            <div>
              <dt>Name</dt>
              <dd>{user.data.name ?? '—'}</dd>
            </div>
            <div>
              <dt>Roles</dt>
              <dd>
                {user.data.roles.map((role) => (
                  <span key={role} class={`badge role-${role}`}>
                    {role}
                  </span>
                ))}
              </dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{user.data.disabled ? <span class="badge disabled">Disabled</span> : <span class="badge ok">Active</span>}</dd>
            </div>
            {user.data.emailVerified !== undefined && (
              <div>
                <dt>Email</dt>
                <dd>{user.data.emailVerified ? 'verified' : 'not verified'}</dd>
              </div>
            )}
            <div>
              <dt>Created</dt>
              <dd>
                <Time iso={user.data.createdAt} />
              </dd>
            </div>
            <div>
              <dt>User id</dt>
              <dd>
                <code class="id">{user.data.id}</code>
              </dd>
            </div>
          </dl>
          <UserActions
            user={user.data}
            endAll
            onChanged={(message) => {
              action.setNotice(message);
              reloadAll();
            }}
            onDeleted={setDeleted}
          />
          <RolesAndClaims
            user={user.data}
            onSaved={(message) => {
              action.setNotice(message);
              reloadAll();
            }}
          />
        </>
      )}
      <Notice text={action.notice} />

      <h2 id="sessions-heading">Live sessions</h2>
      <ErrorMessage error={action.error} />
      <ErrorMessage error={sessions.error} />
      {sessions.data && sessions.data.items.length === 0 && !sessions.data.nextCursor && (
        <p class="muted" role="status">
          No live session.
        </p>
      )}
      {sessions.data && sessions.data.items.length > 0 && (
        <>
          <table aria-labelledby="sessions-heading" aria-busy={sessions.loading}>
            <caption>{`${plural(sessions.data.items.length, 'session')}${sessions.data.nextCursor ? ' on this page' : ''}, newest first`}</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">User agent</th>
                <th scope="col">IP</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.items.map((session) => (
                <tr key={session.id}>
                  <th scope="row">
                    <a href={href.session(session.id)}>{session.deviceName ?? 'Unnamed device'}</a>
                    <div class="sub">
                      device <code>{session.deviceId}</code>
                    </div>
                  </th>
                  <td class="ua">{session.userAgent ?? '—'}</td>
                  <td>{session.ip ?? '—'}</td>
                  <td>
                    <Time iso={session.createdAt} />
                  </td>
                  <td>
                    <Time iso={session.lastUsedAt} />
                  </td>
                  <td>
                    <Time iso={session.expiresAt} />
                  </td>
                  <td>
                    <button type="button" class="danger" onClick={() => endSession(session)} aria-describedby={`session-${session.id}`}>
                      End session
                    </button>
                    <span
                      id={`session-${session.id}`}
                      class="visually-hidden"
                    >{`on ${session.deviceName ?? session.deviceId}, session ${shortId(session.id)}`}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label="Sessions" pager={pager} nextCursor={sessions.data.nextCursor} />
        </>
      )}

      <h2 id="identities-heading">Sign-in providers</h2>
      <ErrorMessage error={identities.error} />
      {identities.data && identities.data.length === 0 && (
        <p class="muted" role="status">
          No provider account linked.
        </p>
      )}
      {identities.data && identities.data.length > 0 && (
        <table aria-labelledby="identities-heading">
          <caption>{`${plural(identities.data.length, 'linked provider account')}, oldest first`}</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Subject</th>
              <th scope="col">Email at the provider</th>
              <th scope="col">Linked</th>
            </tr>
          </thead>
          <tbody>
            {identities.data.map((identity) => (
              <tr key={identity.id}>
                <th scope="row">{identity.provider}</th>
                <td>
                  <code>{identity.subject}</code>
                </td>
                <td>{identity.email ?? '—'}</td>
                <td>
                  <Time iso={identity.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {user.data && (
        <UserFactors
          userId={id}
          email={user.data.email}
          onChanged={(message) => {
            action.setNotice(message);
            reloadAll();
          }}
        />
      )}

      <h2>Recent audit events</h2>
      <ErrorMessage error={events.error} />
      {events.data && <AuditTable events={events.data.items} caption={`The ${RECENT_EVENTS} newest events of this user`} />}
      <p>
        <a href={href.audit({ userId: id })}>Every event of this user</a>
      </p>
    </section>
  );
}
