import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { auditDetails } from './support/db-state.js';
import { loginAs, newUser, type TestUser } from './support/factories.js';
import { claimsOf, enrolTotp, firstStep, nextStepCode, verifyMfa } from './support/mfa.js';
import { http, startSecondInstance, startTestApp, type TestApp } from './support/test-app.js';
import {
  CHROMIUM,
  createCredential,
  getAssertion,
  hasChromium as haveChromium,
  launchChromium,
  virtualAuthenticator,
} from './support/webauthn.js';

if (!haveChromium) console.warn(`passkey browser tests skipped: no Chromium at ${CHROMIUM}`);

/** The port of a test app's URL: pages are opened on http://localhost:<port>, a valid RP id (an IP is not). */
const portOf = (t: TestApp) => new URL(t.url).port;

(haveChromium ? describe : describe.skip)('passkeys in Chromium with a virtual authenticator', () => {
  let a: TestApp;
  let b: TestApp;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    a = await startTestApp({ WEBAUTHN_RP_ID: 'localhost' });
    b = await startSecondInstance(a, { WEBAUTHN_RP_ID: 'localhost' });
    origin = `http://localhost:${portOf(a)}`;
    // ceremonies run on instance a's origin; both instances accept it
    a.config.WEBAUTHN_ORIGINS = origin;
    b.config.WEBAUTHN_ORIGINS = origin;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await b?.close();
    await a?.close();
  });

  /** A page on the service's origin with its own virtual authenticator. */
  async function authenticatorPage(): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${origin}/health/live`);
    return { page, ...(await virtualAuthenticator(page)) };
  }

  /** Registers a passkey for `user` (signed in) from `page`; returns the registration answer. */
  async function registerPasskey(page: Page, user: TestUser, name = 'Virtual key') {
    const session = await loginAs(a.url, user);
    const options = await http(a.url, 'POST', '/auth/passkeys/options', { token: session.accessToken });
    expect(options.status).toBe(200);
    expect(options.body.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'preferred' });
    const response = await createCredential(page, options.body);
    const registered = await http(a.url, 'POST', '/auth/passkeys', { token: session.accessToken, body: { response, name } });
    expect(registered.status).toBe(201);
    return { session, registered: registered.body };
  }

  async function passkeyLogin(page: Page, via: TestApp = a) {
    const options = await http(a.url, 'POST', '/auth/passkeys/login/options');
    expect(options.body.options.allowCredentials ?? []).toEqual([]);
    const response = await getAssertion(page, options.body.options);
    const answer = await http(via.url, 'POST', '/auth/passkeys/login', {
      body: { challengeId: options.body.challengeId, response, deviceId: 'passkey-device-1' },
    });
    return { answer, challengeId: options.body.challengeId, response };
  }

  it('registers a passkey while signed in and signs in with it alone, without a username', async () => {
    const { page } = await authenticatorPage();
    const user = await newUser(a.url);
    const { session, registered } = await registerPasskey(page, user);
    expect(registered).toMatchObject({ name: 'Virtual key' });
    expect(registered.recoveryCodes).toHaveLength(10);
    const listed = await http(a.url, 'GET', '/auth/mfa', { token: session.accessToken });
    expect(listed.body.passkeys).toEqual([expect.objectContaining({ id: registered.id, name: 'Virtual key', lastUsedAt: null })]);

    const { answer } = await passkeyLogin(page);
    expect(answer.status).toBe(200);
    expect(answer.body.deviceId).toBe('passkey-device-1');
    const claims = claimsOf(answer.body.accessToken);
    expect(claims.sub).toBe(user.id);
    expect(claims.amr).toEqual(['hwk', 'user', 'mfa']);
    const { rows } = await a.db.query(`SELECT counter::int, backed_up, last_used_at FROM passkeys WHERE id = $1`, [registered.id]);
    expect(rows[0].counter).toBeGreaterThan(0);
    expect(rows[0].last_used_at).not.toBeNull();
    const newestLogin = (await auditDetails(a.db, { userId: user.id, type: 'login_succeeded' })).at(-1);
    expect(newestLogin).toMatchObject({ method: 'passkey', amr: ['hwk', 'user', 'mfa'] });
    await page.close();
  });

  it('refuses a replayed assertion, with its own challenge id and with a fresh one', async () => {
    const { page } = await authenticatorPage();
    const user = await newUser(a.url);
    await registerPasskey(page, user);
    const first = await passkeyLogin(page);
    expect(first.answer.status).toBe(200);
    const replayed = await http(a.url, 'POST', '/auth/passkeys/login', {
      body: { challengeId: first.challengeId, response: first.response },
    });
    expect([replayed.status, replayed.body.code]).toEqual([401, 'invalid_mfa_code']);
    const fresh = await http(a.url, 'POST', '/auth/passkeys/login/options');
    const again = await http(a.url, 'POST', '/auth/passkeys/login', {
      body: { challengeId: fresh.body.challengeId, response: first.response },
    });
    expect([again.status, again.body.code]).toEqual([401, 'invalid_mfa_code']);
    await page.close();
  });

  it('refuses and audits an authenticator whose signature counter went backwards (a clone)', async () => {
    const { page, cdp, authenticatorId } = await authenticatorPage();
    const user = await newUser(a.url);
    const { registered } = await registerPasskey(page, user);
    for (let i = 0; i < 3; i++) expect((await passkeyLogin(page)).answer.status).toBe(200);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    const [credential] = credentials;
    expect(credential.signCount).toBeGreaterThanOrEqual(3);
    // the same key with a counter from the past, as a copy of the authenticator taken earlier would have
    await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: credential.credentialId });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...credential, signCount: 0 } });

    const cloned = await passkeyLogin(page);
    expect([cloned.answer.status, cloned.answer.body.code]).toEqual([401, 'invalid_mfa_code']);
    expect(await auditDetails(a.db, { userId: user.id, type: 'mfa_failed' })).toEqual([
      expect.objectContaining({ method: 'passkey', reason: 'counter_rollback' }),
    ]);
    const stored = await a.db.query(`SELECT counter::int FROM passkeys WHERE id = $1`, [registered.id]);
    expect(stored.rows[0].counter).toBe(credential.signCount);
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/auth_mfa_total\{method="passkey",result="counter_rollback"\} 1/);
    await page.close();
  });

  it('finishes on one instance a passkey challenge another instance issued', async () => {
    const { page } = await authenticatorPage();
    const user = await newUser(a.url);
    await registerPasskey(page, user);
    const { answer } = await passkeyLogin(page, b);
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.body.accessToken).sub).toBe(user.id);
    await page.close();
  });

  it('completes a password login with the passkey as second factor, and steps up with it', async () => {
    const { page } = await authenticatorPage();
    const user = await newUser(a.url);
    await registerPasskey(page, user);
    const { mfaToken, methods } = await firstStep(a.url, user);
    expect(methods).toEqual(['passkey', 'recovery_code']);
    const challenge = await http(b.url, 'POST', '/auth/mfa/challenge', { body: { mfaToken } });
    expect(challenge.status).toBe(200);
    expect(challenge.body.options.allowCredentials).toHaveLength(1);
    const passkey = await getAssertion(page, challenge.body.options);
    const done = await verifyMfa(a.url, { mfaToken, passkey });
    expect(done.status).toBe(200);
    expect(claimsOf(done.body.accessToken).amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);

    const stepOptions = await http(a.url, 'POST', '/auth/step-up/options', { token: done.body.accessToken });
    const stepped = await http(a.url, 'POST', '/auth/step-up', {
      token: done.body.accessToken,
      body: { passkey: await getAssertion(page, stepOptions.body.options) },
    });
    expect(stepped.status).toBe(200);
    expect(stepped.body.sessionId).toBe(done.body.sessionId);
    const {
      rows: [passkeyRow],
    } = await a.db.query(`SELECT id FROM passkeys WHERE user_id = $1`, [user.id]);
    expect((await http(a.url, 'DELETE', `/auth/passkeys/${passkeyRow.id}`, { token: stepped.body.accessToken })).status).toBe(204);
    expect((await http(a.url, 'GET', '/auth/me', { token: stepped.body.accessToken })).body.mfa).toBe(false);
    await page.close();
  });

  it("answers 404 to removing another user's passkey, which still signs its owner in", async () => {
    const { page } = await authenticatorPage();
    const owner = await newUser(a.url);
    const { registered } = await registerPasskey(page, owner);

    const intruder = await newUser(a.url);
    const totp = await enrolTotp(a.url, await loginAs(a.url, intruder));
    const { mfaToken } = await firstStep(a.url, intruder);
    const stepped = await verifyMfa(a.url, { mfaToken, code: nextStepCode(totp.secret) });
    const removed = await http(a.url, 'DELETE', `/auth/passkeys/${registered.id}`, { token: stepped.body.accessToken });
    expect([removed.status, removed.body.code]).toEqual([404, 'not_found']);

    const { answer } = await passkeyLogin(page);
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.body.accessToken).sub).toBe(owner.id);
    await page.close();
  });
});
