import { DEVICE_ID_PATTERN, DEVICE_ID_RULE } from '#contract';
import { base64url, DpopSigner, indexedDbKeyPair, randomBase64url, type DpopKeySource } from './dpop.js';
import { EnvelopeSealer } from './envelope.js';
import { AuthClientError, errorCodeOf, isTransientStatus, MfaRequiredError } from './errors.js';
import { createPasskey, getPasskeyAssertion } from './passkeys.js';
import { SessionKeeper } from './session-keeper.js';
import { memoryStorage } from './storage.js';
import { platformChannel, platformLocks, Tabs } from './tabs.js';
import type {
  ChannelLike,
  FactorInput,
  FetchLike,
  LockManagerLike,
  MfaFactors,
  MfaMethod,
  SessionEndReason,
  SessionInfo,
  StorageAdapter,
  StoredSession,
  TokenPair,
  TotpEnrolment,
  UserInfo,
} from './types.js';

export interface AuthClientOptions {
  /** The auth service, e.g. https://auth.example.com (no trailing slash needed). */
  baseUrl: string;
  /**
   * `cookie` (browsers): the refresh token stays in an HttpOnly cookie JavaScript cannot read.
   * `bearer` (React Native, Node, or browsers that cannot use cookies): the client keeps it in `storage`.
   */
  mode: 'cookie' | 'bearer';
  /** Where the session is kept. Default: memory (in cookie mode nothing sensitive is ever stored). */
  storage?: StorageAdapter;
  /**
   * This device's id, sent at login and refresh (the server binds the session to it). Default:
   * generated once and kept in `deviceStorage`, so it survives restarts.
   */
  deviceId?: string;
  /** Where the generated device id is kept. Default: localStorage when present, else `storage`. */
  deviceStorage?: StorageAdapter;
  /** Bearer mode: send refreshes in the encrypted envelope (JWE to the JWKS `enc` key; loads jose). */
  envelope?: boolean;
  /**
   * DPoP (RFC 9449): bind the session to a key of this device, so a refresh or access token
   * copied off it is useless. `true` (browsers): a non-extractable ES256 key created once and
   * kept in IndexedDB. `{ keyPair }` (React Native, Node): the app's own CryptoKeyPair, or a
   * function giving it. Login, refresh and every `fetch` then carry a DPoP proof.
   */
  dpop?: boolean | { keyPair: CryptoKeyPair | (() => Promise<CryptoKeyPair>) };
  /**
   * Cookie mode: remember in `deviceStorage` (localStorage) that this browser signed in — a
   * flag, set at login and refresh and cleared when the session ends, never a token — so that
   * a visit without it does not ask /auth/refresh for a session it cannot have (a first visit
   * then makes no request, and the browser logs no 401). Leave it off when the session may be
   * started by something else on this origin (a server-side login): then only the cookie knows.
   */
  rememberSignIn?: boolean;
  /** Called in every tab when the session ends, with the reason. */
  onSessionEnd?: (reason: SessionEndReason) => void;
  /** Prefix of the storage keys (two clients of two services on one origin need different ones). */
  storageKey?: string;
  /** fetch to use (default: the global one). */
  fetch?: FetchLike;
  /** Cross-tab coordination; false turns it off. Default: navigator.locks and BroadcastChannel. */
  crossTab?: false | { locks?: LockManagerLike | null; channel?: ChannelLike | null };
  /** Refresh this long before expiry (default 30 s, at most a fifth of the token's lifetime). */
  refreshMarginMs?: number;
  /** Longest wait for another tab's refresh lock (default 10 s), then refresh anyway. */
  lockTimeoutMs?: number;
  /** Waits between attempts when a refresh meets a network error or 5xx (default 0.5, 1, 2 s). */
  retryDelaysMs?: number[];
  /** Abort one HTTP attempt of a refresh after this long (default 10 s). */
  requestTimeoutMs?: number;
}

export interface LoginInput {
  email: string;
  password: string;
  /** Shown in the user's list of sessions, e.g. "Firefox on a laptop". */
  deviceName?: string;
}

/** Options of signInWith. */
export interface SignInWithOptions {
  /**
   * `cookie`: the service sets the refresh cookie and sends the browser back with nothing in the
   * URL (same-site web apps). `code`: it sends back `?code=`, which completeSignIn trades with
   * this client's own PKCE verifier (SPAs on other sites, mobile apps). Default: `cookie` for a
   * cookie-mode client, `code` for a bearer one.
   */
  mode?: 'cookie' | 'code';
  /** Where the provider sign-in ends; an origin of CORS_ORIGINS or OIDC_REDIRECT_ORIGINS. Default: the current page. */
  redirectUri?: string;
  deviceName?: string;
  /** From linkToken(): the provider account is linked to the signed-in user. */
  linkToken?: string;
  /** Opens the start URL. Default: `location.assign` (a mobile app opens its system browser here). */
  navigate?: (url: string) => void | Promise<void>;
}

/** A provider sign-in button: GET /auth/providers. */
export interface ProviderInfo {
  id: string;
  name: string;
}

/** A linked provider account: GET /auth/identities. */
export interface IdentityInfo {
  id: string;
  provider: string;
  subject: string;
  email: string | null;
  createdAt: string;
}

export interface AuthClient {
  /** The configured OpenID Connect providers (for "Sign in with ..." buttons). */
  providers(): Promise<ProviderInfo[]>;
  /**
   * Starts "Sign in with <provider>": sends the browser to the service, which sends it to the
   * provider and back to `redirectUri`. There, call completeSignIn(). Resolves with the start URL
   * once `navigate` has been called.
   */
  signInWith(provider: string, options?: SignInWithOptions): Promise<string>;
  /**
   * Finishes a provider sign-in on the page it came back to (`url`, default the current one):
   * `?error=` throws AuthClientError with that code (`account_exists`, `access_denied`, ...);
   * `?code=` is traded with this client's PKCE verifier (POST /auth/oidc/exchange) for a
   * session; otherwise (mode=cookie) the session comes from the cookie. Null when signed out.
   */
  completeSignIn(url?: string): Promise<StoredSession | null>;
  /** The signed-in user's linked provider accounts. */
  identities(): Promise<IdentityInfo[]>;
  /** A single-use link token (60 s) for signInWith(provider, { linkToken }). */
  linkToken(): Promise<string>;
  unlinkIdentity(id: string): Promise<void>;
  register(input: { email: string; password: string; name?: string }): Promise<UserInfo>;
  login(input: LoginInput): Promise<StoredSession>;
  /** Ends this session on the server and in every tab (onSessionEnd('logout')). */
  logout(): Promise<void>;
  /** Ends every session of the user, on every device, then this one. */
  logoutEverywhere(): Promise<void>;
  /** The signed-in session, restored from the cookie or storage when needed; null when signed out. */
  getSession(): Promise<StoredSession | null>;
  /** A fresh access token (refreshed shortly before expiry), or null when signed out. */
  getAccessToken(): Promise<string | null>;
  /**
   * fetch with the Bearer token; on 401 token_expired, or token_outdated (the user's roles or
   * claims changed since the token was issued), it refreshes once and retries once.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  me(): Promise<UserInfo>;
  sessions(): Promise<SessionInfo[]>;
  /** Ends one of the user's sessions (another device). */
  endSession(id: string): Promise<void>;
  /** Ends every session of the user but this one. */
  endOtherSessions(): Promise<void>;
  /** Mails a password-reset link; resolves the same whether or not the account exists (202). */
  requestPasswordReset(email: string): Promise<void>;
  /** Sets a new password with the token of a mailed link; every session of the account ends. */
  resetPassword(token: string, newPassword: string): Promise<void>;
  /** Confirms the email address with the token of a mailed link. */
  verifyEmail(token: string): Promise<void>;
  /** Mails the signed-in user a new verification link (older links stop working). */
  resendVerification(): Promise<void>;
  /**
   * Second factors (API.md "Second factors and passkeys"). `login` and `signInWithPasskey`
   * throw MfaRequiredError for an account with a factor; finish with `verifyMfa`. A route that
   * answers `step_up_required` wants `stepUp` first.
   */
  /** Starts a TOTP factor: show `otpauthUrl` as a QR code, then `confirmTotp` with a code. */
  enrollTotp(): Promise<TotpEnrolment>;
  /** Activates a pending TOTP factor; the user's first factor comes with 10 recovery codes (show them once). */
  confirmTotp(id: string, code: string): Promise<{ recoveryCodes: string[] }>;
  /** Creates a passkey with this browser's authenticator and registers it (the first factor comes with recovery codes). */
  registerPasskey(name?: string): Promise<{ id: string; name: string; createdAt: string; recoveryCodes?: string[] }>;
  /** Signs in with a passkey alone (a discoverable credential names the account). */
  signInWithPasskey(input?: { deviceName?: string }): Promise<StoredSession>;
  /** The second step of a login that threw MfaRequiredError: a code, or this browser's passkey. */
  verifyMfa(input: { mfaToken: string } & FactorInput): Promise<StoredSession>;
  /** Renews the session's auth_time with a factor (same session), for routes that answer step_up_required. */
  stepUp(input: FactorInput): Promise<StoredSession>;
  /** The user's factors (never a secret). */
  mfaFactors(): Promise<MfaFactors>;
  /** 10 new recovery codes (needs a fresh step-up); the old ones stop working. */
  regenerateRecoveryCodes(): Promise<{ recoveryCodes: string[] }>;
  /** Removes a passkey (needs a fresh step-up). */
  removePasskey(id: string): Promise<void>;
  /** Removes a TOTP factor (needs a fresh step-up). */
  removeTotp(id: string): Promise<void>;
  onSessionEnd(listener: (reason: SessionEndReason) => void): () => void;
  onChange(listener: (session: StoredSession | null) => void): () => void;
  /** Stops listening to other tabs and forgets listeners (hot reload, React StrictMode). */
  dispose(): void;
}

/** Creates a client of the auth service; see AuthClientOptions. */
export function createAuthClient(options: AuthClientOptions): AuthClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const cookieMode = options.mode === 'cookie';
  if (options.mode !== 'cookie' && options.mode !== 'bearer') throw new TypeError('mode must be "cookie" or "bearer"');
  if (cookieMode && options.envelope) throw new TypeError('the envelope protects a refresh token JavaScript holds: bearer mode only');
  if (!cookieMode && options.rememberSignIn)
    throw new TypeError('rememberSignIn stands in for the cookie JavaScript cannot see: cookie mode only');
  if (options.deviceId !== undefined && !DEVICE_ID_PATTERN.test(options.deviceId)) throw new TypeError(DEVICE_ID_RULE);

  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const storage = options.storage ?? memoryStorage();
  const prefix = options.storageKey ?? `auth-client:${baseUrl}`;
  const deviceStorage = options.deviceStorage ?? (globalThis as { localStorage?: StorageAdapter }).localStorage ?? storage;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const sealer = options.envelope ? new EnvelopeSealer(`${baseUrl}/.well-known/jwks.json`, doFetch) : null;
  const dpop = options.dpop ? new DpopSigner(dpopKeySource(options.dpop, `${prefix}:dpop`)) : null;
  const crossTab = options.crossTab === false ? { locks: null, channel: null } : (options.crossTab ?? {});
  const tabs = new Tabs(
    `${prefix}:refresh`,
    crossTab.locks !== undefined ? crossTab.locks : platformLocks(),
    crossTab.channel !== undefined ? crossTab.channel : platformChannel(`${prefix}:tabs`),
    options.lockTimeoutMs ?? 10_000,
  );

  let deviceIdPromise: Promise<string> | null = null;
  const deviceId = () => (deviceIdPromise ??= resolveDeviceId(options.deviceId, deviceStorage, `${prefix}:device`));

  /** One HTTP call to the auth service itself; in cookie mode with the cookie and X-Auth-Mode. */
  type CallInit = { method: string; body?: unknown; withCookie?: boolean; token?: string; timeoutMs?: number; proof?: boolean };
  /**
   * One call, with a DPoP proof when asked. A server that wants a nonce (DPOP_NONCE=on) answers
   * use_dpop_nonce with one in DPoP-Nonce; the call is then made once more with it.
   */
  const call = async (path: string, init: CallInit) => {
    const response = await callOnce(path, init);
    if (!init.proof || !dpop || !dpop.noteNonce(response.headers.get('dpop-nonce'))) return response;
    if (response.status !== 400 && response.status !== 401) return response;
    if ((await errorCodeOf(response)).code !== 'use_dpop_nonce') return response;
    return callOnce(path, init);
  };

  const callOnce = async (path: string, init: CallInit) => {
    const headers: Record<string, string> = {};
    if (init.proof && dpop) headers.dpop = await dpop.proof(init.method, `${baseUrl}${path}`);
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.withCookie) headers['x-auth-mode'] = 'cookie';
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const controller = new AbortController();
    const timer = init.timeoutMs ? setTimeout(() => controller.abort(), init.timeoutMs) : undefined;
    try {
      return await doFetch(`${baseUrl}${path}`, {
        method: init.method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        credentials: init.withCookie ? 'include' : 'same-origin',
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
    }
  };

  const signInHint = options.rememberSignIn ? { storage: deviceStorage, key: `${prefix}:signed-in` } : undefined;
  const keeper = new SessionKeeper({
    mode: options.mode,
    storage,
    storageKey: `${prefix}:session`,
    tabs,
    refreshMarginMs: options.refreshMarginMs ?? 30_000,
    retryDelaysMs: options.retryDelaysMs ?? [500, 1000, 2000],
    adoptWaitMs: 1000,
    onEnvelopeInvalid: sealer ? () => sealer.forgetKey() : undefined,
    signInHint,
    sendRefresh: async (session) => {
      const id = session?.deviceId ?? (await deviceId());
      if (cookieMode)
        return call('/auth/refresh', {
          method: 'POST',
          body: { deviceId: id },
          withCookie: true,
          timeoutMs: requestTimeoutMs,
          proof: true,
        });
      const refreshToken = session?.refreshToken ?? '';
      const body = sealer ? { envelope: await sealer.seal(refreshToken, id) } : { refreshToken, deviceId: id };
      return call('/auth/refresh', { method: 'POST', body, timeoutMs: requestTimeoutMs, proof: true });
    },
  });
  if (options.onSessionEnd) keeper.onSessionEnd(options.onSessionEnd);

  /** Sends with the current token; a 401 token_expired or token_outdated refreshes once and retries once. */
  const authorizedFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const retryable = input instanceof Request ? input.clone() : input;
    const session = await keeper.usable();
    const response = await doFetch(input, await withToken(input, init, session));
    if (response.status !== 401 || !session) return response;
    const { code } = await errorCodeOf(response);
    if (code === 'session_revoked') {
      await keeper.end('session_revoked');
      return response;
    }
    // token_outdated: the token is in date but its roles or claims are not; a refresh answers current ones
    if (code !== 'token_expired' && code !== 'token_outdated') return response;
    const fresh = await keeper.refresh(session.accessToken);
    if (!fresh) return response;
    return doFetch(retryable, await withToken(retryable, init, fresh));
  };

  /** A JSON call to the auth service with the Bearer token; errors become AuthClientError. */
  const api = async <T>(path: string, method = 'GET', body?: unknown, withCookie = false): Promise<T> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (withCookie) headers['x-auth-mode'] = 'cookie';
    const response = await authorizedFetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(withCookie ? { credentials: 'include' as const } : {}),
    });
    if (!response.ok) throw await failure(response);
    // 202 and 204 carry no body
    return (response.status === 204 || response.status === 202 ? undefined : await response.json()) as T;
  };

  /** The request with the session's access token: Bearer, or DPoP with a proof for this very request. */
  async function withToken(input: RequestInfo | URL, init: RequestInit, session: StoredSession | null): Promise<RequestInit> {
    if (!session) return init;
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    if (session.tokenType === 'DPoP' && dpop) {
      const url = new URL(
        input instanceof Request ? input.url : String(input),
        (globalThis as { location?: { href: string } }).location?.href,
      );
      const method = init.method ?? (input instanceof Request ? input.method : 'GET');
      headers.set('authorization', `DPoP ${session.accessToken}`);
      headers.set('dpop', await dpop.proof(method, url.href, session.accessToken));
    } else {
      headers.set('authorization', `Bearer ${session.accessToken}`);
    }
    return { ...init, headers };
  }

  /** A POST with a JSON body and no session; a refusal throws AuthClientError with the API's code. */
  const send = async (path: string, body: unknown): Promise<void> => {
    const response = await call(path, { method: 'POST', body });
    if (!response.ok) throw await failure(response);
  };

  const pkceKey = `${prefix}:pkce`;
  // the verifier must outlive the trip to the provider: a browser tab's sessionStorage, else `storage`
  const pkceStorage: StorageAdapter = (globalThis as { sessionStorage?: StorageAdapter }).sessionStorage ?? storage;

  /** A sign-in answer (login, passkey, second step): a session, or MfaRequiredError. */
  const signIn = async (path: string, body: unknown): Promise<StoredSession> => {
    const response = await call(path, { method: 'POST', body, withCookie: cookieMode, proof: true });
    if (!response.ok) throw await failure(response);
    return keeper.start((await response.json()) as TokenPair);
  };

  /** The body of a second factor: the code, or an assertion from this browser for `options`. */
  const factorBody = async (input: FactorInput, options: () => Promise<unknown>) =>
    'passkey' in input ? { passkey: await getPasskeyAssertion(await options()) } : { code: input.code };

  /** A POST with a JSON body and no session, answering JSON. */
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await call(path, { method: 'POST', body });
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  };

  return {
    async providers() {
      const response = await call('/auth/providers', { method: 'GET' });
      if (!response.ok) throw await failure(response);
      return (await response.json()) as ProviderInfo[];
    },

    async signInWith(provider, signIn = {}) {
      const mode = signIn.mode ?? (cookieMode ? 'cookie' : 'code');
      if (mode !== 'cookie' && mode !== 'code') throw new TypeError('mode must be "cookie" or "code"');
      if (mode === 'cookie' && !cookieMode) throw new TypeError('mode "cookie" needs a cookie-mode client');
      const here = (globalThis as { location?: { href: string; assign(url: string): void } }).location;
      const redirectUri = signIn.redirectUri ?? here?.href.replace(/[?#].*$/, '');
      if (!redirectUri) throw new TypeError('redirectUri is required outside a browser');
      const query = new URLSearchParams({ redirect_uri: redirectUri, mode, deviceId: await deviceId() });
      if (signIn.deviceName) query.set('deviceName', signIn.deviceName);
      if (signIn.linkToken) query.set('link_token', signIn.linkToken);
      if (mode === 'code') {
        // the app's own PKCE (RFC 7636): only this client can trade the code the browser brings back
        const verifier = randomVerifier();
        await pkceStorage.setItem(pkceKey, verifier);
        query.set('code_challenge', await s256(verifier));
        query.set('code_challenge_method', 'S256');
      }
      const url = `${baseUrl}/auth/oidc/${encodeURIComponent(provider)}/start?${query}`;
      // the browser comes back with the refresh cookie: the page it lands on must ask for it (a
      // failed sign-in's refresh answers 401, and the hint is dropped again)
      if (mode === 'cookie' && signInHint) await signInHint.storage.setItem(signInHint.key, '1');
      const navigate =
        signIn.navigate ??
        ((target: string) => {
          if (!here) throw new TypeError('navigate is required outside a browser');
          here.assign(target);
        });
      await navigate(url);
      return url;
    },

    async completeSignIn(url) {
      const target = url ?? (globalThis as { location?: { href: string } }).location?.href;
      const params = target ? new URL(target).searchParams : new URLSearchParams();
      const error = params.get('error');
      if (error) {
        await pkceStorage.removeItem(pkceKey);
        throw new AuthClientError(error, `The provider sign-in failed: ${error}`);
      }
      const code = params.get('code');
      if (!code) return keeper.usable();
      const codeVerifier = await pkceStorage.getItem(pkceKey);
      await pkceStorage.removeItem(pkceKey);
      if (!codeVerifier) throw new AuthClientError('oidc_code_invalid', 'No sign-in was started from this client (no PKCE verifier)');
      const response = await call('/auth/oidc/exchange', { method: 'POST', body: { code, codeVerifier }, withCookie: cookieMode });
      if (!response.ok) throw await failure(response);
      return keeper.start((await response.json()) as TokenPair);
    },

    identities: () => api<IdentityInfo[]>('/auth/identities'),
    linkToken: async () => (await api<{ linkToken: string }>('/auth/identities/link-token', 'POST')).linkToken,
    unlinkIdentity: (id) => api<void>(`/auth/identities/${encodeURIComponent(id)}`, 'DELETE'),

    // account recovery needs no session: the mailed token is the credential
    requestPasswordReset: (email) => send('/auth/password/forgot', { email }),
    resetPassword: (token, newPassword) => send('/auth/password/reset', { token, newPassword }),
    verifyEmail: (token) => send('/auth/email/verify', { token }),
    resendVerification: () => api<void>('/auth/email/verify/resend', 'POST'),

    async register(input) {
      const response = await call('/auth/register', { method: 'POST', body: input });
      if (!response.ok) throw await failure(response);
      return (await response.json()) as UserInfo;
    },

    async login(input) {
      const body = {
        email: input.email,
        password: input.password,
        deviceId: await deviceId(),
        ...(input.deviceName ? { deviceName: input.deviceName } : {}),
      };
      return signIn('/auth/login', body);
    },

    async signInWithPasskey(input = {}) {
      const { challengeId, options } = await post<{ challengeId: string; options: unknown }>('/auth/passkeys/login/options', {});
      const response = await getPasskeyAssertion(options);
      return signIn('/auth/passkeys/login', {
        challengeId,
        response,
        deviceId: await deviceId(),
        ...(input.deviceName ? { deviceName: input.deviceName } : {}),
      });
    },

    async verifyMfa(input) {
      // the mfaToken carries the login's device id: the session is this device's
      const factor = await factorBody(
        input,
        async () => (await post<{ options: unknown }>('/auth/mfa/challenge', { mfaToken: input.mfaToken })).options,
      );
      return signIn('/auth/mfa/verify', { mfaToken: input.mfaToken, ...factor });
    },

    async stepUp(input) {
      const factor = await factorBody(input, async () => (await api<{ options: unknown }>('/auth/step-up/options', 'POST')).options);
      return keeper.start(await api<TokenPair>('/auth/step-up', 'POST', factor, cookieMode));
    },

    enrollTotp: () => api<TotpEnrolment>('/auth/mfa/totp', 'POST'),
    confirmTotp: (id, code) => api(`/auth/mfa/totp/${encodeURIComponent(id)}/confirm`, 'POST', { code }),
    async registerPasskey(name) {
      const response = await createPasskey(await api('/auth/passkeys/options', 'POST'));
      return api('/auth/passkeys', 'POST', { response, ...(name ? { name } : {}) });
    },
    mfaFactors: () => api<MfaFactors>('/auth/mfa'),
    regenerateRecoveryCodes: () => api('/auth/mfa/recovery-codes', 'POST'),
    removePasskey: (id) => api<void>(`/auth/passkeys/${encodeURIComponent(id)}`, 'DELETE'),
    removeTotp: (id) => api<void>(`/auth/mfa/totp/${encodeURIComponent(id)}`, 'DELETE'),

    async logout() {
      try {
        if (cookieMode) {
          // the cookie alone is enough, even with an expired access token
          const response = await call('/auth/logout', { method: 'POST', withCookie: true });
          // 401: the family had already ended; the cookie is cleared either way
          if (!response.ok && response.status !== 401) throw await failure(response);
        } else {
          // the refresh token alone is enough too: no refresh first for an expired access token
          const refreshToken = (await keeper.current())?.refreshToken;
          const response = refreshToken ? await call('/auth/logout', { method: 'POST', body: { refreshToken } }) : null;
          if (response && !response.ok && response.status !== 401) throw await failure(response);
        }
      } finally {
        // the user asked to leave: this device forgets the session whatever the server said
        await keeper.end('logout');
      }
    },

    async logoutEverywhere() {
      await api('/auth/sessions', 'DELETE');
      await this.logout();
    },

    getSession: () => keeper.usable(),
    getAccessToken: async () => (await keeper.usable())?.accessToken ?? null,
    fetch: authorizedFetch,
    me: () => api<UserInfo>('/auth/me'),
    sessions: () => api<SessionInfo[]>('/auth/sessions'),
    endSession: (id) => api<void>(`/auth/sessions/${encodeURIComponent(id)}`, 'DELETE'),
    endOtherSessions: () => api<void>('/auth/sessions?keep=current', 'DELETE'),
    onSessionEnd: (listener) => keeper.onSessionEnd(listener),
    onChange: (listener) => keeper.onChange(listener),
    dispose: () => keeper.dispose(),
  };
}

async function failure(response: Response): Promise<AuthClientError> {
  const { code, message } = await errorCodeOf(response);
  if (code === 'mfa_required') {
    const body = (await response.clone().json()) as { mfaToken?: unknown; methods?: unknown };
    if (typeof body.mfaToken === 'string' && Array.isArray(body.methods))
      return new MfaRequiredError(body.mfaToken, body.methods as MfaMethod[], message);
  }
  return new AuthClientError(code, message, response.status, isTransientStatus(response.status));
}

function dpopKeySource(option: true | { keyPair: CryptoKeyPair | (() => Promise<CryptoKeyPair>) }, storeName: string): DpopKeySource {
  if (option === true) return indexedDbKeyPair(storeName);
  const { keyPair } = option;
  return typeof keyPair === 'function' ? keyPair : async () => keyPair;
}

async function resolveDeviceId(given: string | undefined, storage: StorageAdapter, key: string): Promise<string> {
  if (given) return given;
  const stored = await storage.getItem(key);
  if (stored && DEVICE_ID_PATTERN.test(stored)) return stored;
  const id = randomId();
  await storage.setItem(key, id);
  return id;
}

/** 128 random bits as 32 hex characters, from WebCrypto (browsers, React Native with a polyfill, Node). */
function randomId(): string {
  const crypto = (globalThis as { crypto?: { getRandomValues<T extends ArrayBufferView>(array: T): T } }).crypto;
  if (!crypto?.getRandomValues)
    throw new Error('crypto.getRandomValues is missing: pass deviceId, or install react-native-get-random-values');
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A PKCE code verifier: 32 random bytes, base64url (43 characters, RFC 7636 4.1). */
function randomVerifier(): string {
  return randomBase64url(32);
}

/** The S256 code challenge of a verifier: BASE64URL(SHA-256(verifier)). */
async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}
