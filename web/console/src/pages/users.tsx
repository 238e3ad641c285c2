import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage, Loading, Notice, PageTitle, Pager, Time, useAsync, useConsole, usePager } from '../components';
import { href, replaceHash } from '../router';
import { UserActions } from '../user-actions';
import { InviteUser } from '../invite-user';

const DEBOUNCE_MS = 300;

/** Users: search by a part of the email (debounced), page by page, with roles and status. */
export function UsersPage({ initialQuery }: { initialQuery: string }) {
  const { api } = useConsole();
  const [input, setInput] = useState(initialQuery);
  const [query, setQuery] = useState(initialQuery.trim());
  const [notice, setNotice] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(input.trim());
      replaceHash(href.users(input.trim()));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [input]);
  const pager = usePager([query]);
  // the query travels with its answer, so the caption never names a search the rows do not match
  const users = useAsync(() => api.users(query, pager.cursor).then((page) => ({ ...page, query })), [query, pager.cursor]);

  return (
    <section>
      <PageTitle title="Users">Users</PageTitle>
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is too recent for the browsers the console supports; role="search" says the same */}
      <form
        role="search"
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(input.trim());
        }}
      >
        <label for="user-search">Search users</label>
        <input
          id="user-search"
          type="search"
          value={input}
          placeholder="part of an email"
          autocomplete="off"
          aria-describedby="user-search-hint"
          onInput={(e) => setInput(e.currentTarget.value)}
        />
        <span id="user-search-hint" class="hint">
          Matches any part of the email, ignoring case.
        </span>
      </form>
      <InviteUser
        onCreated={(message) => {
          setNotice(message);
          users.reload();
        }}
      />
      <Notice text={notice} />
      <ErrorMessage error={users.error} />
      {users.loading && !users.data && <Loading what="users" />}
      {users.data && (
        <>
          <table aria-busy={users.loading}>
            <caption>{users.data.query ? `Users whose email contains “${users.data.query}”` : 'All users'}, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} class="muted">
                    No user matches.
                  </td>
                </tr>
              )}
              {users.data.items.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    <a href={href.user(user.id)}>{user.email}</a>
                  </th>
                  <td>{user.name ?? '—'}</td>
                  <td>
                    {user.roles.map((role) => (
                      <span key={role} class={`badge role-${role}`}>
                        {role}
                      </span>
                    ))}
                  </td>
                  <td>{user.disabled ? <span class="badge disabled">Disabled</span> : <span class="badge ok">Active</span>}</td>
                  <td>
                    <Time iso={user.createdAt} />
                  </td>
                  <td>
                    <UserActions
                      user={user}
                      onChanged={(message) => {
                        setNotice(message);
                        users.reload();
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label="Users" pager={pager} nextCursor={users.data.nextCursor} />
        </>
      )}
    </section>
  );
}
