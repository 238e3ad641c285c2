import {
  AuthClientError,
  createAuthClient,
  DEFINITIVE_CODES,
  MfaRequiredError,
  type FactorInput,
  type SessionEndReason,
  type SessionInfo,
  type StoredSession,
} from '@auth-service/client';
import { securitySection } from './security';

/** Where the auth service and the resource service are: index.html's meta tags, else build-time env. */
interface AppConfig {
  authUrl: string;
  resourceUrl: string;
  /** How "Sign in with <provider>" comes back: the refresh cookie (default), or a code traded with this app's PKCE verifier. */
  oidcMode?: 'cookie' | 'code';
}

const REASONS: Record<SessionEndReason, string> = {
  logout: 'You signed out.',
  session_revoked: 'This session was ended (from another device or by an administrator).',
  refresh_token_reused: 'This session was ended because its refresh token was used twice.',
  device_mismatch: 'This session was ended because it was used from another device.',
  refresh_token_expired: 'Your session expired. Please sign in again.',
  invalid_refresh_token: 'Your session is no longer valid. Please sign in again.',
  account_disabled: 'Your account is disabled.',
};

/** A <meta name> of index.html, when it has a value: read from the page, so starting costs no request. */
function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim() || undefined;
}

function loadConfig(): AppConfig {
  return {
    authUrl: meta('auth-url') ?? import.meta.env.VITE_AUTH_URL ?? 'http://localhost:3000',
    resourceUrl: meta('resource-url') ?? import.meta.env.VITE_RESOURCE_URL ?? 'http://localhost:3001',
    oidcMode: meta('oidc-mode') === 'code' ? 'code' : 'cookie',
  };
}

/** What a failed provider sign-in (`?error=` on the way back) means for the person. */
const SIGN_IN_ERRORS: Record<string, string> = {
  access_denied: 'The sign-in was cancelled at the provider.',
  account_exists: 'An account with this email already exists: sign in with your password (the provider did not prove the email is yours).',
  account_disabled: 'Your account is disabled.',
  invalid_state: 'That sign-in expired or was already used. Please try again.',
  provider_error: 'The provider could not sign you in right now. Please try again later.',
  mfa_required: 'Your account needs its second factor.',
};

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

const status = element<HTMLParagraphElement>('status');
const signedOut = element<HTMLElement>('signed-out');
const signedIn = element<HTMLElement>('signed-in');
const sessionsBody = element<HTMLTableElement>('sessions').tBodies[0];
const columnNames = [...(element<HTMLTableElement>('sessions').tHead?.rows[0]?.cells ?? [])].map((cell) => cell.textContent?.trim() ?? '');

function say(message: string, kind: 'info' | 'error' = 'info', reason?: string): void {
  status.textContent = message;
  status.dataset.kind = kind;
  if (reason) {
    status.dataset.endReason = reason;
    status.dataset.endedAt = String(Date.now());
  } else {
    delete status.dataset.endReason;
  }
}

function describe(error: unknown): string {
  if (error instanceof AuthClientError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

const config = loadConfig();
const auth = createAuthClient({
  baseUrl: config.authUrl,
  mode: 'cookie',
  // a first visit asks /auth/refresh nothing (and meets no 401) until this browser signs in here
  rememberSignIn: true,
  onSessionEnd: (reason) => {
    showSignedOut();
    say(REASONS[reason] ?? `Signed out (${reason}).`, reason === 'logout' ? 'info' : 'error', reason);
  },
});
// Vite's hot reload replaces this module: the old client must stop listening to the tabs.
import.meta.hot?.dispose(() => auth.dispose());

const security = securitySection(
  auth,
  (action) => run(action),
  (message) => say(message),
);
const secondStepForm = element<HTMLFormElement>('second-step-form');
let mfaToken: string | null = null;
const deviceName = `Example app in ${navigator.userAgent.match(/(Chrome|Firefox|Safari)\/[\d]+/)?.[0] ?? 'a browser'}`;

/** A sign-in (password or passkey): signed in, or the second step when the account has a factor. */
async function signIn(work: () => Promise<StoredSession>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof MfaRequiredError)) throw error;
    mfaToken = error.mfaToken;
    secondStepForm.hidden = false;
    element<HTMLButtonElement>('mfa-passkey').hidden = !error.methods.includes('passkey');
    element<HTMLInputElement>('mfa-code').focus();
    say('Enter your second factor.');
    return;
  }
  say('Signed in.');
  await showSignedIn();
}

async function secondStep(factor: FactorInput): Promise<void> {
  if (!mfaToken) return;
  await auth.verifyMfa({ mfaToken, ...factor });
  mfaToken = null;
  secondStepForm.hidden = true;
  element<HTMLInputElement>('mfa-code').value = '';
  say('Signed in.');
  await showSignedIn();
}

function showSignedOut(): void {
  security.reset();
  signedIn.hidden = true;
  signedOut.hidden = false;
  sessionsBody.replaceChildren();
  element<HTMLOutputElement>('api-result').value = '';
}

async function showSignedIn(): Promise<void> {
  const me = await auth.me();
  element('who').textContent = me.email;
  signedOut.hidden = true;
  signedIn.hidden = false;
  await Promise.all([renderSessions(), security.render()]);
}

async function renderSessions(): Promise<void> {
  const sessions = await auth.sessions();
  sessionsBody.replaceChildren(...sessions.map(sessionRow));
}

function sessionRow(session: SessionInfo): HTMLTableRowElement {
  const row = document.createElement('tr');
  const cells = [
    session.deviceName ?? session.deviceId,
    session.userAgent ?? 'unknown',
    session.ip ?? 'unknown',
    new Date(session.createdAt).toLocaleString(),
    new Date(session.lastUsedAt).toLocaleString(),
  ];
  for (const text of cells) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  const action = document.createElement('td');
  // on a narrow screen each row is a stacked card, and each cell says which column it is
  for (const [i, header] of [...columnNames].entries()) if (row.cells[i]) row.cells[i].dataset.label = header;
  action.dataset.label = columnNames[cells.length] ?? '';
  if (session.current) {
    action.textContent = 'This device';
  } else {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'End';
    button.setAttribute('aria-label', `End the session of ${cells[0]}, signed in ${cells[3]}`);
    button.addEventListener(
      'click',
      () =>
        void run(async () => {
          await auth.endSession(session.id);
          await renderSessions();
          say('Session ended.');
        }),
    );
    action.append(button);
  }
  row.append(action);
  return row;
}

/** Runs a user action, reporting failures in the status line instead of losing them. */
async function run(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    // a definitive answer already ended the session, and onSessionEnd said why
    if (error instanceof AuthClientError && DEFINITIVE_CODES.has(error.code)) return;
    say(describe(error), 'error');
  }
}

element<HTMLFormElement>('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.currentTarget as HTMLFormElement);
  void run(() => signIn(() => auth.login({ email: String(form.get('email')), password: String(form.get('password')), deviceName })));
});

element('passkey-sign-in').addEventListener('click', () => void run(() => signIn(() => auth.signInWithPasskey({ deviceName }))));
secondStepForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void run(() => secondStep({ code: element<HTMLInputElement>('mfa-code').value.trim() }));
});
element('mfa-passkey').addEventListener('click', () => void run(() => secondStep({ passkey: true })));

element('register').addEventListener('click', () => {
  const form = element<HTMLFormElement>('login-form');
  if (!form.reportValidity()) return;
  const data = new FormData(form);
  void run(async () => {
    await auth.register({ email: String(data.get('email')), password: String(data.get('password')) });
    say('Account created: you can sign in now.');
  });
});

element<HTMLFormElement>('api-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const count = Math.min(100, Math.max(1, Number(element<HTMLInputElement>('burst').value) || 1));
  const output = element<HTMLOutputElement>('api-result');
  void run(async () => {
    // all at once: with an expired token they share one refresh (and one per origin across tabs)
    const responses = await Promise.all(Array.from({ length: count }, () => auth.fetch(`${config.resourceUrl}/me`).catch(() => null)));
    const ok = responses.filter((r) => r?.ok).length;
    const sample = responses.find((r) => r?.ok);
    const body = sample ? ((await sample.json()) as { userId: string }) : null;
    output.value = `${ok} of ${count} calls succeeded${body ? `; the resource service sees user ${body.userId}` : ''}`;
  });
});

/** "Sign in with <provider>" buttons, one per provider the service offers (GET /auth/providers). */
async function showProviders(): Promise<void> {
  const box = element<HTMLDivElement>('providers');
  const providers = await auth.providers().catch(() => []);
  box.replaceChildren(
    ...providers.map((provider) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `Sign in with ${provider.name}`;
      button.addEventListener(
        'click',
        () =>
          void run(() =>
            auth
              .signInWith(provider.id, {
                mode: config.oidcMode ?? 'cookie',
                deviceName: `Example app in ${navigator.userAgent.match(/(Chrome|Firefox|Safari)\/[\d]+/)?.[0] ?? 'a browser'}`,
              })
              .then(() => undefined),
          ),
      );
      return button;
    }),
  );
  box.hidden = providers.length === 0;
}

element('reload-sessions').addEventListener('click', () => void run(renderSessions));
element('end-others').addEventListener(
  'click',
  () =>
    void run(async () => {
      await auth.endOtherSessions();
      await renderSessions();
      say('All other sessions ended.');
    }),
);
element('logout').addEventListener('click', () => void run(() => auth.logout()));
element('logout-everywhere').addEventListener('click', () => void run(() => auth.logoutEverywhere()));

// Back from a provider sign-in (?error=, or ?code= in mode=code), or a reload: either way the
// client restores the session (from the HttpOnly cookie in cookie mode), and the URL is cleaned.
const back = new URL(location.href);
const fromProvider = back.searchParams.has('error') || back.searchParams.has('code');
if (fromProvider) history.replaceState(null, '', back.pathname);
try {
  if (await auth.completeSignIn(back.href)) await showSignedIn();
  else showSignedOut();
} catch (error) {
  showSignedOut();
  if (fromProvider && error instanceof AuthClientError) say(SIGN_IN_ERRORS[error.code] ?? describe(error), 'error');
  else say(describe(error), 'error');
}
await showProviders();
document.body.dataset.ready = 'true';
