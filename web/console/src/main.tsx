import { render } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from './api';
import { createConsoleAuth } from './auth';
import { ConsoleContext, ErrorMessage, Loading, PageTitle, type Section } from './components';
import { AuditPage } from './pages/audit';
import { KeysPage } from './pages/keys';
import { OverviewPage } from './pages/overview';
import { SessionPage } from './pages/session';
import { NotAdminPage, SignInPage, signInActions } from './pages/sign-in';
import { UserPage } from './pages/user';
import { UsersPage } from './pages/users';
import { WebhooksPage } from './pages/webhooks';
import { href, useRoute, type Route } from './router';
import './styles.css';
import { labelTableCells } from './table-labels';
import type { User } from './types';

type Phase =
  | { kind: 'starting' }
  | { kind: 'signed-out'; notice?: string; error?: unknown }
  | { kind: 'not-admin'; me: User }
  | { kind: 'ready'; me: User };

const END_NOTICES: Record<string, string> = {
  logout: 'You signed out.',
  session_revoked: 'Your session was ended (by an admin, a logout elsewhere or a password change). Sign in again.',
  refresh_token_reused: 'Your session was ended because its refresh token was used twice. Sign in again.',
  refresh_token_expired: 'Your session expired. Sign in again.',
  account_disabled: 'This account is disabled.',
};

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'users':
      return <UsersPage initialQuery={route.query} />;
    case 'user':
      return <UserPage key={route.id} id={route.id} />;
    case 'session':
      return <SessionPage key={route.id} id={route.id} />;
    case 'audit':
      return <AuditPage key={`${route.type}|${route.userId}|${route.sessionId}`} {...route} />;
    case 'keys':
      return <KeysPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'not-found':
      return (
        <section>
          <PageTitle title="Not found">Not found</PageTitle>
          <p>
            No page at “{route.path}”. <a href={href.overview()}>Overview</a>
          </p>
        </section>
      );
  }
}

/** A session is in none: its page says where it belongs (useSection) once it knows whether it ended. */
const NAV: { label: string; link: string; pages: Route['page'][] }[] = [
  { label: 'Overview', link: href.overview(), pages: ['overview'] },
  { label: 'Users', link: href.users(), pages: ['users', 'user'] },
  { label: 'Audit', link: href.audit(), pages: ['audit'] },
  { label: 'Keys', link: href.keys(), pages: ['keys'] },
  { label: 'Webhooks', link: href.webhooks(), pages: ['webhooks'] },
];

function App() {
  const auth = useMemo(() => createConsoleAuth(), []);
  const api = useMemo(() => createApi(auth.fetch), [auth]);
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const route = useRoute();
  // where the page said it belongs, for this route only
  const [said, setSaid] = useState<{ route: Route; section: Section }>();
  const setSection = useCallback((section: Section) => setSaid({ route, section }), [route]);
  const section = said?.route === route ? said.section : route.page;

  // Who is signed in, and may they use the console? The API decides; /auth/me only tells whom to greet.
  const enter = async () => {
    const me = await api.me();
    setPhase(me.roles.includes('admin') ? { kind: 'ready', me } : { kind: 'not-admin', me });
  };

  useEffect(() => {
    const stop = auth.onSessionEnd((reason) =>
      setPhase({ kind: 'signed-out', notice: END_NOTICES[reason] ?? `Your session ended (${reason}). Sign in again.` }),
    );
    auth
      .resume()
      .then(
        (resumed) => (resumed ? enter() : setPhase({ kind: 'signed-out' })),
        (error) => setPhase({ kind: 'signed-out', error }),
      )
      .catch((error) => setPhase({ kind: 'signed-out', error }));
    return stop;
  }, [auth]);

  const signOut = async () => {
    await auth.logout();
    setPhase({ kind: 'signed-out', notice: END_NOTICES.logout });
  };

  if (phase.kind === 'starting')
    return (
      <main id="main">
        <Loading what="the console" />
      </main>
    );
  if (phase.kind === 'signed-out') {
    return (
      <>
        <SignInPage notice={phase.notice} actions={signInActions(auth, enter)} />
        {phase.error !== undefined && <ErrorMessage error={phase.error} />}
      </>
    );
  }
  if (phase.kind === 'not-admin') return <NotAdminPage email={phase.me.email} onSignOut={signOut} />;

  return (
    <ConsoleContext.Provider value={{ api, me: phase.me, setSection, auth }}>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link to #main; the handler only moves focus to its heading */}
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.querySelector<HTMLElement>('main h1')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Auth admin</span>
        <nav aria-label="Console">
          <ul>
            {NAV.map((item) => (
              <li key={item.label}>
                <a href={item.link} aria-current={section !== null && item.pages.includes(section) ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          Signed in as <strong>{phase.me.email}</strong>
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main">
        <Page route={route} />
      </main>
    </ConsoleContext.Provider>
  );
}

const root = document.getElementById('app')!;
labelTableCells(root);
render(<App />, root);
