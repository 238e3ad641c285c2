import { expect } from '@jest/globals';
import { decodeJwt, importJWK, SignJWT, type JWTPayload } from 'jose';
// @ts-expect-error: a plain ES module shared with `npm run example:idp`, without type declarations
import { newSigningKey, startTestIdp } from '../../examples/test-idp/test-idp.mjs';
import { refreshCookie } from '../../src/sessions/auth-cookies.js';
import { freePort } from '../guard-processes.js';
import { http, startSecondInstance, startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export const PROVIDER = 'test-idp';
export const APP_ORIGIN = 'http://app.test:5173';
export const APP_REDIRECT = `${APP_ORIGIN}/signed-in`;
export const FLOW_COOKIE = '__Secure-oidc-flow';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** The local provider of examples/test-idp, as the tests drive it. */
export interface TestIdp {
  issuer: string;
  signingKey: Record<string, unknown>;
  /** The next sign-in's answer without a page: `{ login: accountId }` or `{ error }`. */
  next: { login: string } | { error: string; error_description?: string } | undefined;
  tamperIdToken: ((idToken: string) => Promise<string>) | undefined;
  close(): Promise<void>;
}

export interface OidcFixture {
  t: TestApp;
  idp: TestIdp;
  /** The provider's accounts: tests add their own (id -> claims) before signing in. */
  accounts: Record<string, TestAccount>;
  close(): Promise<void>;
}

/**
 * The service with one provider (`test-idp`, "Test IdP") that is a real oidc-provider on a free
 * local port, its callback registered at the provider. `env` adds to the service's settings;
 * `authHost` is the host name the service's URLs use (a browser test uses localhost, the
 * site of its app, so that the SameSite refresh cookie goes along).
 */
export async function startOidcFixture(
  env: Record<string, string> = {},
  options: TestAppOptions & { authHost?: string } = {},
): Promise<OidcFixture> {
  const port = await freePort();
  const authUrl = `http://${options.authHost ?? '127.0.0.1'}:${port}`;
  const accounts: Record<string, TestAccount> = {};
  const idp: TestIdp = await startTestIdp({
    accounts,
    clients: [
      { client_id: 'auth-service', client_secret: 'a-test-client-secret', redirect_uris: [`${authUrl}/auth/oidc/${PROVIDER}/callback`] },
      { client_id: 'another-app', client_secret: 'another-secret', redirect_uris: [`${authUrl}/auth/oidc/${PROVIDER}/callback`] },
    ],
  });
  const t = await startTestApp(
    {
      AUTH_ISSUER: authUrl,
      CORS_ORIGINS: APP_ORIGIN,
      OIDC_PROVIDERS: JSON.stringify([
        { id: PROVIDER, name: 'Test IdP', issuer: idp.issuer, clientId: 'auth-service', clientSecret: 'a-test-client-secret' },
      ]),
      ...env,
    },
    { ...options, port },
  );
  await discovered(t);
  return {
    t,
    idp,
    accounts,
    close: async () => {
      await t.close();
      await idp.close();
    },
  };
}

/** Another instance of the fixture's service (same database, issuer and providers), on its own port. */
export async function startSecondOidcInstance(fx: OidcFixture): Promise<TestApp> {
  const second = await startSecondInstance(fx.t, {
    AUTH_ISSUER: fx.t.config.issuer,
    CORS_ORIGINS: APP_ORIGIN,
    OIDC_PROVIDERS: fx.t.config.OIDC_PROVIDERS!,
  });
  await discovered(second);
  return second;
}

/** Waits until the service's providers are discovered (discovery runs in the background at boot). */
export async function discovered(t: TestApp): Promise<void> {
  const { OidcProvidersService } = await import('../../src/oidc/oidc-providers.service.js');
  const providers = t.app.get(OidcProvidersService);
  for (let i = 0; i < 200 && !providers.allDiscovered; i++) await new Promise((r) => setTimeout(r, 25));
  if (!providers.allDiscovered) throw new Error('the providers were not discovered');
}

/** Cookies as a browser would hold them for one site: name -> value (tests only need names). */
export class CookieJar {
  readonly values = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a))) this.values.delete(name);
      else this.values.set(name, value);
    }
  }

  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** GET without following redirects, with and into a cookie jar. */
export async function hop(url: string, jar: CookieJar): Promise<Response> {
  const response = await fetch(url, { redirect: 'manual', headers: jar.values.size ? { cookie: jar.header() } : {} });
  jar.take(response);
  return response;
}

export interface StartedFlow {
  /** The service's answer to start. */
  start: Response;
  /** The service's cookies in this "browser" (the flow cookie after start). */
  jar: CookieJar;
  /** The callback URL the provider sent the browser to (on AUTH_ISSUER), once the provider is done. */
  callbackUrl: string;
  /** The name of the service's refresh cookie (`refresh` over http, `__Host-refresh` over https). */
  refreshCookie: string;
}

/**
 * A browser's way through start and the provider, up to (not into) the service's callback:
 * `idp.next` decides how the provider answers.
 */
export function runToCallback(fx: OidcFixture, query: Record<string, string>, base = fx.t.url): Promise<StartedFlow> {
  return followToCallback(fx, `${base}/auth/oidc/${PROVIDER}/start?${new URLSearchParams(query)}`);
}

/** The same from a whole start URL (as the client package builds it). */
export async function followToCallback(fx: OidcFixture, startUrl: string): Promise<StartedFlow> {
  const jar = new CookieJar();
  const start = await hop(startUrl, jar);
  expect(start.status).toBe(302);
  const idpJar = new CookieJar();
  let location = start.headers.get('location')!;
  expect(location.startsWith(fx.idp.issuer)).toBe(true);
  for (let i = 0; i < 10 && location.startsWith(fx.idp.issuer); i++) {
    const response = await hop(location, idpJar);
    expect([302, 303]).toContain(response.status);
    location = new URL(response.headers.get('location')!, location).href;
  }
  expect(location.startsWith(`${fx.t.config.issuer}/auth/oidc/${PROVIDER}/callback?`)).toBe(true);
  return { start, jar, callbackUrl: location, refreshCookie: refreshCookie(fx.t.config).name };
}

/** Delivers the provider's redirect to the callback of `base` (another instance, say) with the jar's cookies. */
export async function deliver(
  flow: StartedFlow,
  base: string,
  callbackUrl = flow.callbackUrl,
): Promise<{ response: Response; location: URL }> {
  const url = new URL(callbackUrl);
  const response = await hop(`${base}${url.pathname}${url.search}`, flow.jar);
  return { response, location: new URL(response.headers.get('location') ?? 'about:blank') };
}

/** A whole sign-in as `login` in mode=cookie: the callback's answer and where it sent the browser. */
export async function signInWithCookie(fx: OidcFixture, login: string, extra: Record<string, string> = {}) {
  fx.idp.next = { login };
  const flow = await runToCallback(fx, { redirect_uri: APP_REDIRECT, mode: 'cookie', ...extra });
  return { flow, ...(await deliver(flow, fx.t.url)) };
}

/** The refresh token the callback set in the cookie, if any. */
export function refreshCookieOf(flow: StartedFlow): string | undefined {
  return flow.jar.values.get(flow.refreshCookie);
}

/** Trades the refresh cookie for a token pair as the app would (cookie-mode refresh). */
export async function refreshWithCookie(t: TestApp, cookie: string) {
  return http(t.url, 'POST', '/auth/refresh', {
    headers: { 'x-auth-mode': 'cookie', origin: APP_ORIGIN, cookie: `${refreshCookie(t.config).name}=${cookie}` },
    body: {},
  });
}

/**
 * Re-signs the ID token with `claims` changed, with the provider's own key (so only the changed
 * claim is wrong) or with `key` (a key the provider never published, under the same kid).
 */
export function resign(idp: TestIdp, claims: JWTPayload, key?: Record<string, unknown>) {
  return async (idToken: string): Promise<string> => {
    const jwk = key ?? idp.signingKey;
    const payload = { ...decodeJwt(idToken), ...claims };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: idp.signingKey.kid as string })
      .sign(await importJWK(jwk as never, 'RS256'));
  };
}

export { newSigningKey, startTestIdp };
