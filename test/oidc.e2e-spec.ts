import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { BackgroundTasks } from '../src/recovery/background-tasks.js';
import { MailDelivery } from '../src/mail/mail-delivery.service.js';
import { SIGN_IN_CASES } from '../src/oidc/sign-in-verdict.cases.js';
import { loadConfig } from '../src/config/app-config.js';
import { refreshCookie } from '../src/sessions/auth-cookies.js';
import { newAdmin } from './support/admin.js';
import {
  auditDetails,
  backdateAuthTime,
  auditTrail,
  disableUser,
  expireOidcTickets,
  familyCount,
  familyRow,
  identityOwners,
  setEmailVerified,
  totalFamilyCount,
  userByEmail,
  usersWithEmail,
} from './support/db-state.js';
import { loginAs, newUser, refresh, type TestUser } from './support/factories.js';
import { linkIn, RESET_SUBJECT, startMailbox, type Mailbox } from './support/mailbox.js';
import { claimsOf, enrolTotp, nextStepCode, totpCode, verifyMfa } from './support/mfa.js';
import {
  APP_ORIGIN,
  APP_REDIRECT,
  deliver,
  discovered,
  FLOW_COOKIE,
  newSigningKey,
  PROVIDER,
  refreshCookieOf,
  refreshWithCookie,
  resign,
  runToCallback,
  signInWithCookie,
  startOidcFixture,
  startSecondOidcInstance,
  startTestIdp,
  type OidcFixture,
} from './support/oidc.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';
import { freePort } from './guard-processes.js';

const unique = (name: string) => `${name}-${randomBytes(5).toString('hex')}@example.com`;
const sub = () => `sub-${randomBytes(6).toString('hex')}`;

/** An S256 PKCE pair, as an app makes it. */
function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('sign in with an OpenID Connect provider', () => {
  let fx: OidcFixture;
  let t: TestApp;
  let mailbox: Mailbox;

  beforeAll(async () => {
    mailbox = await startMailbox();
    fx = await startOidcFixture({ MAIL_URL: mailbox.url, MAIL_FROM: 'auth@example.test' });
    t = fx.t;
  });
  afterAll(async () => {
    await fx?.close();
    await mailbox?.close();
  });

  /** A provider account with these claims; its id (the `sub`). */
  function account(claims: { email?: string; email_verified?: boolean; name?: string }): string {
    const id = sub();
    fx.accounts[id] = claims;
    return id;
  }

  /** `<refresh cookie>=`: how a Set-Cookie of the refresh cookie starts (`refresh` over this http issuer). */
  const refreshSet = () => `${refreshCookie(t.config).name}=`;

  /** A session from the refresh cookie a mode=cookie sign-in set: whose it is. */
  async function sessionOf(cookie: string | undefined): Promise<{ userId: string; sessionId: string; accessToken: string }> {
    expect(cookie).toBeDefined();
    const refreshed = await refreshWithCookie(t, cookie!);
    expect(refreshed.status).toBe(200);
    const me = await http(t.url, 'GET', '/auth/me', { token: refreshed.body.accessToken });
    return { userId: me.body.id, sessionId: refreshed.body.sessionId, accessToken: refreshed.body.accessToken };
  }

  describe('providers and start', () => {
    it('lists the configured providers for sign-in buttons', async () => {
      const response = await http(t.url, 'GET', '/auth/providers');
      expect(response.status).toBe(200);
      expect(response.body).toEqual([{ id: PROVIDER, name: 'Test IdP' }]);
    });

    it('redirects to the provider with PKCE S256, state and nonce, and binds the flow to the browser with a Lax cookie', async () => {
      const response = await fetch(
        `${t.url}/auth/oidc/${PROVIDER}/start?${new URLSearchParams({ redirect_uri: APP_REDIRECT, mode: 'cookie' })}`,
        { redirect: 'manual' },
      );
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(location.origin).toBe(fx.idp.issuer);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        client_id: 'auth-service',
        response_type: 'code',
        scope: 'openid email profile',
        code_challenge_method: 'S256',
        redirect_uri: `${t.config.issuer}/auth/oidc/${PROVIDER}/callback`,
        state: expect.stringMatching(/^[\w-]{20,}$/),
        nonce: expect.stringMatching(/^[\w-]{20,}$/),
        code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      });
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${FLOW_COOKIE}=`))!;
      expect(cookie.split(';').map((p) => p.trim())).toEqual(
        expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/auth/oidc', 'Max-Age=600']),
      );
      // the state is stored only as a hash, sealed, for 10 minutes
      const { rows } = await t.db.query(
        `SELECT token_hash, payload, expires_at - created_at AS ttl FROM oidc_tickets WHERE kind = 'state' ORDER BY created_at DESC LIMIT 1`,
      );
      expect(rows[0].payload.toString('latin1')).not.toContain(location.searchParams.get('nonce'));
      expect(rows[0].ttl).toMatchObject({ minutes: 10 });
    });

    it.each([
      ['another origin', 'https://evil.example/steal'],
      ['a relative URL', '/signed-in'],
      ['a javascript: URL', 'javascript:alert(1)'],
      ['a fragment', `${APP_ORIGIN}/#x`],
    ])('refuses a redirect_uri on %s with 400 redirect_uri_not_allowed and no redirect', async (_name, redirectUri) => {
      const response = await fetch(
        `${t.url}/auth/oidc/${PROVIDER}/start?${new URLSearchParams({ redirect_uri: redirectUri, mode: 'cookie' })}`,
        { redirect: 'manual' },
      );
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(((await response.json()) as { code: string }).code).toBe('redirect_uri_not_allowed');
    });

    it.each([
      [{ mode: 'implicit' }, 'mode'],
      [{ mode: 'code' }, 'code_challenge'],
      [{ mode: 'code', code_challenge: 'short' }, 'code_challenge'],
      [{ mode: 'code', code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }, 'code_challenge_method'],
      [{ mode: 'cookie', deviceId: 'x' }, 'deviceId'],
    ])('refuses a bad start %j with 400 validation_failed', async (query, field) => {
      const response = await http(
        t.url,
        'GET',
        `/auth/oidc/${PROVIDER}/start?${new URLSearchParams({ redirect_uri: APP_REDIRECT, ...query })}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('answers 404 for a provider that is not configured', async () => {
      const response = await http(
        t.url,
        'GET',
        `/auth/oidc/nope/start?${new URLSearchParams({ redirect_uri: APP_REDIRECT, mode: 'cookie' })}`,
      );
      expect(response.status).toBe(404);
    });
  });

  describe('mode=cookie', () => {
    it('creates a user without a password, sets the refresh cookie as a cookie-mode login does, and redirects with nothing in the URL', async () => {
      const email = unique('new');
      const { response, location, flow } = await signInWithCookie(fx, account({ email, email_verified: true, name: 'New Person' }), {
        deviceId: 'oidc-device-1',
        deviceName: 'Phone',
      });
      expect(response.status).toBe(302);
      expect(location.href).toBe(APP_REDIRECT);
      const refresh = response.headers.getSetCookie().find((c) => c.startsWith(refreshSet()))!;
      expect(refresh.split(';').map((p) => p.trim())).toEqual(
        expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/', expect.stringMatching(/^Max-Age=\d+$/)]),
      );
      expect(response.headers.getSetCookie().some((c) => c.startsWith('__Secure-device='))).toBe(true);
      // the flow cookie is spent
      expect(flow.jar.values.has(FLOW_COOKIE)).toBe(false);

      const user = await userByEmail(t.db, email);
      expect(user).toMatchObject({ password_hash: null, email_verified: true });
      const session = await sessionOf(refreshCookieOf(flow));
      expect(session.userId).toBe(user.id);
      // the family belongs to the app the browser went back to, as a cookie-mode login from there
      expect(await familyRow(t.db, session.sessionId)).toEqual(
        expect.objectContaining({ device_id: 'oidc-device-1', device_name: 'Phone', origin: APP_ORIGIN }),
      );
      const me = await http(t.url, 'GET', '/auth/me', { token: session.accessToken });
      expect(me.body).toMatchObject({ email, name: 'New Person' });

      expect(await auditTrail(t.db, { userId: user.id })).toEqual(
        expect.arrayContaining([
          { type: 'user_registered', detail: { email, method: `oidc:${PROVIDER}` } },
          { type: 'identity_linked', detail: expect.objectContaining({ provider: PROVIDER, via: 'new_user', email }) },
          { type: 'login_succeeded', detail: expect.objectContaining({ method: `oidc:${PROVIDER}`, deviceId: 'oidc-device-1' }) },
        ]),
      );
      const identities = await http(t.url, 'GET', '/auth/identities', { token: session.accessToken });
      expect(identities.body).toEqual([
        { id: expect.any(String), provider: PROVIDER, subject: expect.any(String), email, createdAt: expect.any(String) },
      ]);
    });

    it('signs the same provider account in to the same user the next time', async () => {
      const id = account({ email: unique('again'), email_verified: false });
      const first = await sessionOf(refreshCookieOf((await signInWithCookie(fx, id)).flow));
      const second = await sessionOf(refreshCookieOf((await signInWithCookie(fx, id)).flow));
      expect(second.userId).toBe(first.userId);
      expect(second.sessionId).not.toBe(first.sessionId);
    });

    it('records login_succeeded with method password for a password login', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const [login] = await auditDetails(t.db, { type: 'login_succeeded', sessionId: session.sessionId });
      expect(login.method).toBe('password');
    });

    it('counts sign-ins in auth_oidc_total by provider and result', async () => {
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`auth_oidc_total\\{provider="${PROVIDER}",result="success"\\} [1-9]`));
    });
  });

  describe('mode=code', () => {
    async function signInWithCode(login: string, challenge: string, base = t.url) {
      fx.idp.next = { login };
      const flow = await runToCallback(
        fx,
        { redirect_uri: APP_REDIRECT, mode: 'code', code_challenge: challenge, code_challenge_method: 'S256' },
        base,
      );
      return deliver(flow, base);
    }

    it("redirects with a one-time code that only the app's PKCE verifier trades for a token pair, once, without setting a cookie", async () => {
      const { verifier, challenge } = pkce();
      const email = unique('code');
      const { response, location } = await signInWithCode(account({ email, email_verified: true }), challenge);
      expect(response.headers.getSetCookie().some((c) => c.startsWith(refreshSet()))).toBe(false);
      expect(location.origin + location.pathname).toBe(APP_REDIRECT);
      const code = location.searchParams.get('code')!;
      expect(code).toMatch(/^[\w-]{40,}$/);

      const exchanged = await http(t.url, 'POST', '/auth/oidc/exchange', { body: { code, codeVerifier: verifier } });
      expect(exchanged.status).toBe(200);
      expect(exchanged.body).toMatchObject({
        tokenType: 'Bearer',
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        deviceToken: expect.any(String),
      });
      expect(exchanged.headers.get('cache-control')).toBe('no-store');
      const me = await http(t.url, 'GET', '/auth/me', { token: exchanged.body.accessToken });
      expect(me.body.email).toBe(email);

      const again = await http(t.url, 'POST', '/auth/oidc/exchange', { body: { code, codeVerifier: verifier } });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('oidc_code_invalid');
    });

    it('spends the code on a wrong verifier, so the right one cannot follow', async () => {
      const { verifier, challenge } = pkce();
      const { location } = await signInWithCode(account({ email: unique('wrongpkce') }), challenge);
      const code = location.searchParams.get('code')!;
      const before = await totalFamilyCount(t.db);
      const wrong = await http(t.url, 'POST', '/auth/oidc/exchange', { body: { code, codeVerifier: pkce().verifier } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('oidc_code_invalid');
      const right = await http(t.url, 'POST', '/auth/oidc/exchange', { body: { code, codeVerifier: verifier } });
      expect(right.status).toBe(400);
      expect(await totalFamilyCount(t.db)).toBe(before);
    });

    it('refuses a code older than 60 seconds', async () => {
      const { verifier, challenge } = pkce();
      const { location } = await signInWithCode(account({ email: unique('late') }), challenge);
      await expireOidcTickets(t.db, 'code');
      const late = await http(t.url, 'POST', '/auth/oidc/exchange', {
        body: { code: location.searchParams.get('code'), codeVerifier: verifier },
      });
      expect(late.status).toBe(400);
      expect(late.body.code).toBe('oidc_code_invalid');
    });

    it('in cookie mode (X-Auth-Mode: cookie) the exchange puts the refresh token in the cookie, of a family bound to the app origin', async () => {
      const { verifier, challenge } = pkce();
      const { location } = await signInWithCode(account({ email: unique('codecookie') }), challenge);
      const exchanged = await http(t.url, 'POST', '/auth/oidc/exchange', {
        headers: { 'x-auth-mode': 'cookie', origin: APP_ORIGIN },
        body: { code: location.searchParams.get('code'), codeVerifier: verifier },
      });
      expect(exchanged.status).toBe(200);
      expect(exchanged.body.refreshToken).toBeUndefined();
      expect(exchanged.body.deviceToken).toBeUndefined();
      const setCookie = exchanged.headers.getSetCookie().find((c) => c.startsWith(refreshSet()))!;
      expect(setCookie).toBeDefined();
      const cookie = setCookie.slice(refreshSet().length, setCookie.indexOf(';'));
      expect((await familyRow(t.db, exchanged.body.sessionId))?.origin).toBe(APP_ORIGIN);
      // the console's origin (the service's own) cannot use the app's family; the app can
      const fromConsole = await http(t.url, 'POST', '/auth/refresh', {
        headers: { 'x-auth-mode': 'cookie', origin: new URL(t.config.issuer).origin, cookie: `${refreshSet()}${cookie}` },
        body: {},
      });
      expect(fromConsole.status).toBe(403);
      expect(fromConsole.body.code).toBe('csrf_failed');
      expect((await refreshWithCookie(t, cookie)).status).toBe(200);
    });

    it('a body-token exchange (no X-Auth-Mode) starts a family bound to no origin', async () => {
      const { verifier, challenge } = pkce();
      const { location } = await signInWithCode(account({ email: unique('codebody') }), challenge);
      const exchanged = await http(t.url, 'POST', '/auth/oidc/exchange', {
        headers: { origin: APP_ORIGIN },
        body: { code: location.searchParams.get('code'), codeVerifier: verifier },
      });
      expect(exchanged.status).toBe(200);
      expect(exchanged.body.refreshToken).toEqual(expect.any(String));
      expect((await familyRow(t.db, exchanged.body.sessionId))?.origin).toBeNull();
    });
  });

  describe('bad input at the callback: its error code and no session', () => {
    /** Runs a sign-in up to the callback, lets `spoil` change what arrives, and checks that no session came of it. */
    async function refused(
      spoil: (flow: Awaited<ReturnType<typeof runToCallback>>) => Promise<{ response: Response; location: URL }>,
      login = account({ email: unique('bad'), email_verified: true }),
    ) {
      fx.idp.next = { login };
      const flow = await runToCallback(fx, { redirect_uri: APP_REDIRECT, mode: 'cookie' });
      const before = await totalFamilyCount(t.db);
      const result = await spoil(flow);
      expect(result.response.headers.getSetCookie().some((c) => c.startsWith(refreshSet()))).toBe(false);
      expect(await totalFamilyCount(t.db)).toBe(before);
      return result;
    }

    it('a tampered state: 400 invalid_state (there is no flow to go back to)', async () => {
      const { response } = await refused((flow) => {
        const url = new URL(flow.callbackUrl);
        url.searchParams.set('state', `${url.searchParams.get('state')}x`);
        return deliver(flow, t.url, url.href);
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { code: string }).code).toBe('invalid_state');
    });

    it('a replayed state: the second delivery is 400 invalid_state and the first session stands alone', async () => {
      fx.idp.next = { login: account({ email: unique('replay') }) };
      const flow = await runToCallback(fx, { redirect_uri: APP_REDIRECT, mode: 'cookie' });
      const cookieJar = new Map(flow.jar.values);
      expect((await deliver(flow, t.url)).location.href).toBe(APP_REDIRECT);
      const before = await totalFamilyCount(t.db);
      for (const [name, value] of cookieJar) flow.jar.values.set(name, value);
      const replay = await deliver(flow, t.url);
      expect(replay.response.status).toBe(400);
      expect(((await replay.response.json()) as { code: string }).code).toBe('invalid_state');
      expect(await totalFamilyCount(t.db)).toBe(before);
    });

    it('a state older than 10 minutes: 400 invalid_state', async () => {
      const { response } = await refused(async (flow) => {
        await expireOidcTickets(t.db, 'state');
        return deliver(flow, t.url);
      });
      expect(response.status).toBe(400);
    });

    it('a flow finished in another browser than the one that started it (login CSRF): error=invalid_state', async () => {
      const { location } = await refused((flow) => {
        flow.jar.values.delete(FLOW_COOKIE);
        return deliver(flow, t.url);
      });
      expect(location.href).toBe(`${APP_REDIRECT}?error=invalid_state`);
    });

    it.each([
      ['a wrong nonce', 'invalid_state', () => resign(fx.idp, { nonce: 'someone-elses-nonce' })],
      [
        'an ID token for another audience (another client of the provider)',
        'provider_error',
        () => resign(fx.idp, { aud: 'another-app', azp: 'another-app' }),
      ],
      ['an ID token from another issuer', 'provider_error', () => resign(fx.idp, { iss: 'https://evil.example' })],
      ['an expired ID token', 'provider_error', () => resign(fx.idp, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ])('%s: error=%s', async (_name, error, tamper) => {
      fx.idp.tamperIdToken = tamper();
      try {
        const { location } = await refused((flow) => deliver(flow, t.url));
        expect(location.href).toBe(`${APP_REDIRECT}?error=${error}`);
      } finally {
        fx.idp.tamperIdToken = undefined;
      }
    });

    it('an ID token signed by a key the provider never published: error=provider_error', async () => {
      fx.idp.tamperIdToken = resign(fx.idp, {}, await newSigningKey());
      try {
        const { location } = await refused((flow) => deliver(flow, t.url));
        expect(location.href).toBe(`${APP_REDIRECT}?error=provider_error`);
      } finally {
        fx.idp.tamperIdToken = undefined;
      }
    });

    it.each([
      ['access_denied', 'access_denied'],
      ['temporarily_unavailable', 'provider_error'],
    ])('the provider answering %s: error=%s', async (providerError, error) => {
      const before = await totalFamilyCount(t.db);
      fx.idp.next = { error: providerError, error_description: 'test' };
      const flow = await runToCallback(fx, { redirect_uri: APP_REDIRECT, mode: 'cookie' });
      const { location, response } = await deliver(flow, t.url);
      expect(location.href).toBe(`${APP_REDIRECT}?error=${error}`);
      expect(response.headers.getSetCookie().some((c) => c.startsWith(refreshSet()))).toBe(false);
      expect(await totalFamilyCount(t.db)).toBe(before);
    });

    it('a callback without any state: 400 invalid_state', async () => {
      const response = await http(t.url, 'GET', `/auth/oidc/${PROVIDER}/callback?code=abc`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_state');
    });
  });

  describe('whom the login is for (the table of sign-in-verdict.cases.ts, end to end)', () => {
    /** Makes the facts of a case true in the database and at the provider, then signs in. */
    it.each(SIGN_IN_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const users: Record<string, TestUser> = { A: await newUser(t.url), B: await newUser(t.url) };
      const subject = sub();
      if (c.facts.emailAccount) {
        await setEmailVerified(t.db, users[c.facts.emailAccount.id].id, c.facts.emailAccount.emailVerified);
      }
      const email =
        c.facts.providerEmail === undefined ? undefined : c.facts.emailAccount ? users[c.facts.emailAccount.id].email : unique('case');
      fx.accounts[subject] = { email, email_verified: c.facts.providerEmailVerified };
      if (c.facts.linkedUserId) {
        await t.db.query(`INSERT INTO identities (id, user_id, provider, subject) VALUES (gen_random_uuid(), $1, $2, $3)`, [
          users[c.facts.linkedUserId].id,
          PROVIDER,
          subject,
        ]);
      }
      const extra: Record<string, string> = {};
      if (c.facts.linkTokenUserId) {
        const session = await loginAs(t.url, users[c.facts.linkTokenUserId]);
        extra.link_token = (await http(t.url, 'POST', '/auth/identities/link-token', { token: session.accessToken })).body.linkToken;
      }
      const linkedBefore = await identityOwners(t.db, PROVIDER, subject);
      const { location, flow } = await signInWithCookie(fx, subject, extra);
      const linked = await identityOwners(t.db, PROVIDER, subject);

      const v = c.verdict;
      if (v.kind === 'refuse') {
        expect(location.href).toBe(`${APP_REDIRECT}?error=${v.error}`);
        expect(refreshCookieOf(flow)).toBeUndefined();
        expect(linked).toEqual(linkedBefore); // never linked on a refusal
        if (email) expect(await usersWithEmail(t.db, email)).toBeLessThanOrEqual(1);
        return;
      }
      expect(location.href).toBe(APP_REDIRECT);
      const session = await sessionOf(refreshCookieOf(flow));
      const expectedUser = v.kind === 'create' ? (await userByEmail(t.db, email!)).id : users[v.userId].id;
      expect(session.userId).toBe(expectedUser);
      expect(linked).toEqual([expectedUser]);
      if (v.kind === 'link') {
        const linkings = await auditDetails(t.db, { type: 'identity_linked', userId: expectedUser });
        expect(linkings.map((detail) => detail.via)).toContain(v.via);
      }
    });

    it('the same person signing in with the password of their verified account lands in the one account the provider linked', async () => {
      const user = await newUser(t.url);
      await setEmailVerified(t.db, user.id);
      const viaProvider = await sessionOf(
        refreshCookieOf((await signInWithCookie(fx, account({ email: user.email, email_verified: true }))).flow),
      );
      const viaPassword = await loginAs(t.url, user);
      const me = await http(t.url, 'GET', '/auth/me', { token: viaPassword.accessToken });
      expect(viaProvider.userId).toBe(user.id);
      expect(me.body.id).toBe(user.id);
      expect(await usersWithEmail(t.db, user.email)).toBe(1);
    });

    it('a disabled account: error=account_disabled and no session', async () => {
      const id = account({ email: unique('disabled') });
      const first = await sessionOf(refreshCookieOf((await signInWithCookie(fx, id)).flow));
      await disableUser(t.db, first.userId);
      const before = await familyCount(t.db, first.userId);
      const { location } = await signInWithCookie(fx, id);
      expect(location.href).toBe(`${APP_REDIRECT}?error=account_disabled`);
      expect(await familyCount(t.db, first.userId)).toBe(before);
    });
  });

  describe('second factor', () => {
    it('a user with an active TOTP factor is sent back with error=mfa_required&mfa_token, no session exists, and /auth/mfa/verify answers the token pair', async () => {
      const email = unique('mfa');
      const login = account({ email, email_verified: true });
      const first = await signInWithCookie(fx, login);
      const user = await userByEmail(t.db, email);
      const { secret } = await enrolTotp(t.url, await sessionOf(refreshCookieOf(first.flow)));
      const familiesBefore = await familyCount(t.db, user.id);

      // mode=cookie: no cookie, no family, the mfa token in the URL
      const { response, location } = await signInWithCookie(fx, login);
      expect(response.status).toBe(302);
      expect(location.origin + location.pathname).toBe(APP_REDIRECT);
      expect(location.searchParams.get('error')).toBe('mfa_required');
      const mfaToken = location.searchParams.get('mfa_token')!;
      expect(mfaToken).toMatch(/^[\w-]{20,}$/);
      expect(response.headers.getSetCookie().some((c) => c.startsWith(refreshSet()))).toBe(false);
      expect(await familyCount(t.db, user.id)).toBe(familiesBefore);

      // mode=code: no code is issued before the second factor either
      fx.idp.next = { login };
      const codeFlow = await runToCallback(fx, { redirect_uri: APP_REDIRECT, mode: 'code', code_challenge: pkce().challenge });
      const codeResult = await deliver(codeFlow, t.url);
      expect(codeResult.location.searchParams.get('error')).toBe('mfa_required');
      expect(codeResult.location.searchParams.get('mfa_token')).toEqual(expect.any(String));
      expect(codeResult.location.searchParams.has('code')).toBe(false);
      expect(await familyCount(t.db, user.id)).toBe(familiesBefore);

      // the second step: a wrong code is refused, the right one answers a token pair of the user
      const wrong = await verifyMfa(t.url, { mfaToken, code: totpCode(secret, Date.now() - 300_000) });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_mfa_code']);
      expect(await familyCount(t.db, user.id)).toBe(familiesBefore);
      const verified = await verifyMfa(t.url, { mfaToken, code: nextStepCode(secret) });
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
      expect(claimsOf(verified.body.accessToken)).toMatchObject({ sub: user.id, amr: expect.arrayContaining(['fed', 'otp', 'mfa']) });
      expect(await familyCount(t.db, user.id)).toBe(familiesBefore + 1);
      const me = await http(t.url, 'GET', '/auth/me', { token: verified.body.accessToken });
      expect(me.body).toMatchObject({ id: user.id, email });
      // the session's login_succeeded names the provider, as a provider sign-in without a factor does
      const { rows } = await t.db.query(`SELECT detail FROM audit_events WHERE type = 'login_succeeded' AND session_id = $1`, [
        verified.body.sessionId,
      ]);
      expect(rows.map((r) => r.detail)).toEqual([
        expect.objectContaining({ method: `oidc:${PROVIDER}`, amr: expect.arrayContaining(['fed', 'otp', 'mfa']) }),
      ]);
    });
  });

  describe('users without a password', () => {
    it('a password login answers invalid_credentials, as a wrong password does, in about the same time', async () => {
      const email = unique('nopassword');
      await signInWithCookie(fx, account({ email, email_verified: true }));
      const attempt = async (address: string) => {
        const started = performance.now();
        const response = await http(t.url, 'POST', '/auth/login', { body: { email: address, password: 'any password at all' } });
        return { response, ms: performance.now() - started };
      };
      const passwordless: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        const a = await attempt(email);
        expect(a.response.status).toBe(401);
        expect(a.response.body.code).toBe('invalid_credentials');
        passwordless.push(a.ms);
        unknown.push((await attempt(unique('nobody'))).ms);
      }
      const median = (xs: number[]) => xs.sort((x, y) => x - y)[2];
      // both run one argon2 verification: within a factor of 3 of each other on a busy machine
      expect(median(passwordless) / median(unknown)).toBeGreaterThan(1 / 3);
      expect(median(passwordless) / median(unknown)).toBeLessThan(3);
    });

    it('"forgot password" lets them set one, and then both ways sign in to the one account', async () => {
      const email = unique('setpassword');
      const id = account({ email, email_verified: true });
      const viaProvider = await sessionOf(refreshCookieOf((await signInWithCookie(fx, id)).flow));
      expect((await http(t.url, 'POST', '/auth/password/forgot', { body: { email } })).status).toBe(202);
      await t.app.get(BackgroundTasks).idle();
      await t.app.get(MailDelivery).drain();
      const token = linkIn(await mailbox.next(email, RESET_SUBJECT)).searchParams.get('token')!;
      expect((await http(t.url, 'POST', '/auth/password/reset', { body: { token, newPassword: 'a brand new password' } })).status).toBe(
        204,
      );
      const viaPassword = await loginAs(t.url, { id: viaProvider.userId, email, password: 'a brand new password' });
      const me = await http(t.url, 'GET', '/auth/me', { token: viaPassword.accessToken });
      expect(me.body.id).toBe(viaProvider.userId);
    });
    it('delete their account once they step up with a second factor (403 step_up_required before), having no password to confirm it', async () => {
      const email = unique('deleteme');
      const session = await sessionOf(refreshCookieOf((await signInWithCookie(fx, account({ email, email_verified: true }))).flow));
      const { secret } = await enrolTotp(t.url, session);
      const refused = await http(t.url, 'DELETE', '/auth/me', { token: session.accessToken, body: {} });
      expect([refused.status, refused.body.code]).toEqual([403, 'step_up_required']);
      expect(await usersWithEmail(t.db, email)).toBe(1);

      const steppedUp = await http(t.url, 'POST', '/auth/step-up', { token: session.accessToken, body: { code: nextStepCode(secret) } });
      expect(steppedUp.status).toBe(200);
      expect((await http(t.url, 'DELETE', '/auth/me', { token: steppedUp.body.accessToken, body: {} })).status).toBe(204);
      expect(await usersWithEmail(t.db, email)).toBe(0);
    });

    it('delete their account with neither password nor factor by a provider sign-in within STEP_UP_MAX_AGE (403 step_up_required after it)', async () => {
      const staleEmail = unique('deleteme-stale');
      const staleCookie = refreshCookieOf((await signInWithCookie(fx, account({ email: staleEmail, email_verified: true }))).flow);
      await backdateAuthTime(t.db, { userId: (await userByEmail(t.db, staleEmail)).id }, 301);
      const stale = await sessionOf(staleCookie);
      const refused = await http(t.url, 'DELETE', '/auth/me', { token: stale.accessToken, body: {} });
      expect([refused.status, refused.body.code]).toEqual([403, 'step_up_required']);
      expect(await usersWithEmail(t.db, staleEmail)).toBe(1);

      const email = unique('deleteme-fresh');
      const fresh = await sessionOf(refreshCookieOf((await signInWithCookie(fx, account({ email, email_verified: true }))).flow));
      expect((await http(t.url, 'DELETE', '/auth/me', { token: fresh.accessToken, body: {} })).status).toBe(204);
      expect(await usersWithEmail(t.db, email)).toBe(0);
    });
  });

  describe('identities', () => {
    it('refuses to unlink the only way into an account without a password (409), and unlinks once there is another', async () => {
      const id = account({ email: unique('unlink'), email_verified: true });
      const session = await sessionOf(refreshCookieOf((await signInWithCookie(fx, id)).flow));
      const [identity] = (await http(t.url, 'GET', '/auth/identities', { token: session.accessToken })).body;
      const refused = await http(t.url, 'DELETE', `/auth/identities/${identity.id}`, { token: session.accessToken });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('last_sign_in_method');

      // a second provider account, linked with a link token
      const linkToken = (await http(t.url, 'POST', '/auth/identities/link-token', { token: session.accessToken })).body.linkToken;
      const other = account({ email: unique('second'), email_verified: false });
      expect((await signInWithCookie(fx, other, { link_token: linkToken })).location.href).toBe(APP_REDIRECT);
      const both = (await http(t.url, 'GET', '/auth/identities', { token: session.accessToken })).body;
      expect(both.map((i: { subject: string }) => i.subject)).toEqual([id, other]);

      expect((await http(t.url, 'DELETE', `/auth/identities/${identity.id}`, { token: session.accessToken })).status).toBe(204);
      expect(await auditDetails(t.db, { type: 'identity_unlinked', userId: session.userId })).toEqual([
        { provider: PROVIDER, subject: id },
      ]);
      // the last one stays
      expect((await http(t.url, 'DELETE', `/auth/identities/${both[1].id}`, { token: session.accessToken })).status).toBe(409);
    });

    it("answers 404 for another user's identity", async () => {
      const mine = await sessionOf(refreshCookieOf((await signInWithCookie(fx, account({ email: unique('mine') }))).flow));
      const theirs = await sessionOf(refreshCookieOf((await signInWithCookie(fx, account({ email: unique('theirs') }))).flow));
      const [identity] = (await http(t.url, 'GET', '/auth/identities', { token: theirs.accessToken })).body;
      const response = await http(t.url, 'DELETE', `/auth/identities/${identity.id}`, { token: mine.accessToken });
      expect(response.status).toBe(404);
    });

    it('a link token is single use and lives 60 seconds', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const token = (await http(t.url, 'POST', '/auth/identities/link-token', { token: session.accessToken })).body.linkToken;
      const start = async (linkToken: string) => {
        const response = await fetch(
          `${t.url}/auth/oidc/${PROVIDER}/start?${new URLSearchParams({ redirect_uri: APP_REDIRECT, mode: 'cookie', link_token: linkToken })}`,
          { redirect: 'manual' },
        );
        return { status: response.status, body: response.status === 302 ? undefined : ((await response.json()) as { code: string }) };
      };
      expect((await start(token)).status).toBe(302);
      const again = await start(token);
      expect(again.status).toBe(400);
      expect(again.body!.code).toBe('link_token_invalid');
      const late = (await http(t.url, 'POST', '/auth/identities/link-token', { token: session.accessToken })).body.linkToken;
      const {
        rows: [ttl],
      } = await t.db.query(`SELECT extract(epoch FROM expires_at - created_at)::int AS s FROM oidc_tickets WHERE kind = 'link'`);
      expect(ttl.s).toBe(60);
      await expireOidcTickets(t.db, 'link');
      expect((await start(late)).body!.code).toBe('link_token_invalid');
    });

    it("shows an admin a user's identities (the console's user page), and /auth/me says whether the user has a password", async () => {
      const email = unique('admin-view');
      const id = account({ email, email_verified: true });
      const session = await sessionOf(refreshCookieOf((await signInWithCookie(fx, id)).flow));
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).body).toMatchObject({
        email,
        emailVerified: true,
        hasPassword: false,
      });
      const admin = await loginAs(t.url, await newAdmin(t));
      const response = await http(t.url, 'GET', `/admin/users/${session.userId}/identities`, { token: admin.accessToken });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([{ id: expect.any(String), provider: PROVIDER, subject: id, email, createdAt: expect.any(String) }]);
      expect((await http(t.url, 'GET', `/admin/users/${session.userId}/identities`, { token: session.accessToken })).status).toBe(403);
      expect(
        (await http(t.url, 'GET', '/admin/users/00000000-0000-4000-8000-000000000000/identities', { token: admin.accessToken })).status,
      ).toBe(404);
    });

    it('unlinks for a user with a second factor only after a step-up within STEP_UP_MAX_AGE (403 step_up_required before)', async () => {
      const id = account({ email: unique('unlink-mfa'), email_verified: true });
      const session = await sessionOf(refreshCookieOf((await signInWithCookie(fx, id)).flow));
      const linkToken = (await http(t.url, 'POST', '/auth/identities/link-token', { token: session.accessToken })).body.linkToken;
      expect((await signInWithCookie(fx, account({ email: unique('unlink-mfa-second') }), { link_token: linkToken })).location.href).toBe(
        APP_REDIRECT,
      );
      const [identity] = (await http(t.url, 'GET', '/auth/identities', { token: session.accessToken })).body;
      const { secret, recoveryCodes } = await enrolTotp(t.url, session);
      const unlink = (accessToken: string) => http(t.url, 'DELETE', `/auth/identities/${identity.id}`, { token: accessToken });
      const identities = async () => (await t.db.query('SELECT id FROM identities WHERE user_id = $1', [session.userId])).rows.length;

      // the provider sign-in's token has no mfa in its amr
      const refused = await unlink(session.accessToken);
      expect([refused.status, refused.body.code]).toEqual([403, 'step_up_required']);
      expect(await identities()).toBe(2);

      // a step-up older than STEP_UP_MAX_AGE (300 s) does not count
      const stale = await http(t.url, 'POST', '/auth/step-up', { token: session.accessToken, body: { code: recoveryCodes[0] } });
      expect(stale.status).toBe(200);
      await t.db.query(`UPDATE session_families SET auth_time = now() - interval '301 seconds' WHERE id = $1`, [stale.body.sessionId]);
      const staleToken = (await refresh(t.url, stale.body.refreshToken)).body.accessToken;
      const tooOld = await unlink(staleToken);
      expect([tooOld.status, tooOld.body.code]).toEqual([403, 'step_up_required']);
      expect(await identities()).toBe(2);

      const fresh = await http(t.url, 'POST', '/auth/step-up', { token: staleToken, body: { code: nextStepCode(secret) } });
      expect(fresh.status).toBe(200);
      expect(claimsOf(fresh.body.accessToken).amr).toEqual(expect.arrayContaining(['fed', 'otp', 'mfa']));
      expect((await unlink(fresh.body.accessToken)).status).toBe(204);
      expect(await identities()).toBe(1);
      const { rows } = await t.db.query(`SELECT detail FROM audit_events WHERE type = 'identity_unlinked' AND user_id = $1`, [
        session.userId,
      ]);
      expect(rows).toEqual([{ detail: { provider: PROVIDER, subject: id } }]);
    });

    it('needs an access token', async () => {
      expect((await http(t.url, 'GET', '/auth/identities')).status).toBe(401);
      expect((await http(t.url, 'POST', '/auth/identities/link-token')).status).toBe(401);
    });
  });

  describe('several instances', () => {
    it('one instance starts the flow and another finishes it, in both modes', async () => {
      const second = await startSecondOidcInstance(fx);
      try {
        fx.idp.next = { login: account({ email: unique('twoinstances') }) };
        const flow = await runToCallback(fx, { redirect_uri: APP_REDIRECT, mode: 'cookie' }, second.url);
        const { location } = await deliver(flow, t.url);
        expect(location.href).toBe(APP_REDIRECT);
        await sessionOf(refreshCookieOf(flow));

        const { verifier, challenge } = pkce();
        fx.idp.next = { login: account({ email: unique('twocode') }) };
        const codeFlow = await runToCallback(fx, { redirect_uri: APP_REDIRECT, mode: 'code', code_challenge: challenge }, t.url);
        const code = (await deliver(codeFlow, second.url)).location.searchParams.get('code')!;
        const exchanged = await http(t.url, 'POST', '/auth/oidc/exchange', { body: { code, codeVerifier: verifier } });
        expect(exchanged.status).toBe(200);
      } finally {
        await second.close();
      }
    });
  });
});

describe('a provider that is down at boot', () => {
  it('does not stop the service: its start answers provider_error until a later discovery succeeds', async () => {
    const idpPort = await freePort();
    const authPort = await freePort();
    const issuer = `http://127.0.0.1:${idpPort}`;
    const t = await startTestApp(
      {
        AUTH_ISSUER: `http://127.0.0.1:${authPort}`,
        CORS_ORIGINS: APP_ORIGIN,
        OIDC_DISCOVERY_RETRY: '1',
        OIDC_PROVIDERS: JSON.stringify([
          { id: PROVIDER, name: 'Test IdP', issuer, clientId: 'auth-service', clientSecret: 'a-test-client-secret' },
        ]),
      },
      { port: authPort },
    );
    let idp: { close(): Promise<void> } | undefined;
    try {
      expect((await http(t.url, 'GET', '/health')).status).toBe(200);
      expect((await http(t.url, 'GET', '/auth/providers')).body).toEqual([{ id: PROVIDER, name: 'Test IdP' }]);
      const down = await fetch(
        `${t.url}/auth/oidc/${PROVIDER}/start?${new URLSearchParams({ redirect_uri: APP_REDIRECT, mode: 'cookie' })}`,
        { redirect: 'manual' },
      );
      expect(down.status).toBe(302);
      expect(down.headers.get('location')).toBe(`${APP_REDIRECT}?error=provider_error`);

      idp = await startTestIdp({
        port: idpPort,
        accounts: {},
        clients: [
          { client_id: 'auth-service', client_secret: 'a-test-client-secret', redirect_uris: [`${t.url}/auth/oidc/${PROVIDER}/callback`] },
        ],
      });
      await discovered(t);
      const up = await fetch(
        `${t.url}/auth/oidc/${PROVIDER}/start?${new URLSearchParams({ redirect_uri: APP_REDIRECT, mode: 'cookie' })}`,
        { redirect: 'manual' },
      );
      expect(up.headers.get('location')!.startsWith(`${issuer}/auth?`)).toBe(true);
    } finally {
      await t.close();
      await idp?.close();
    }
  });
});

describe('provider configuration', () => {
  it('refuses to boot with one clear line per bad provider entry', () => {
    const bad = JSON.stringify([
      { id: 'Bad Id', name: 'x', issuer: 'https://a.example', clientId: 'c' },
      { id: 'ok', name: 'OK', issuer: 'http://idp.example.com', clientId: 'c' },
    ]);
    expect(() => loadConfig({ OIDC_PROVIDERS: bad })).toThrow(
      /OIDC_PROVIDERS\[0\] \("Bad Id"\): id must be[^\n]*\n- OIDC_PROVIDERS\[1\] \("ok"\): issuer "http:\/\/idp.example.com" must be https/,
    );
    expect(() => loadConfig({ OIDC_PROVIDERS_FILE: '/nonexistent/providers.json' })).toThrow(
      /OIDC_PROVIDERS_FILE \/nonexistent\/providers.json: cannot be read \(ENOENT\)/,
    );
    expect(() => loadConfig({ OIDC_REDIRECT_ORIGINS: 'https://app.example.com/path' })).toThrow(
      /OIDC_REDIRECT_ORIGINS: "https:\/\/app.example.com\/path" is not an exact origin/,
    );
  });
});
