import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newAdmin } from './support/admin.js';
import { auditCount, auditDetails, backdateAuthTime, familyCount } from './support/db-state.js';
import { loginAs, newUser, refresh, type TestUser } from './support/factories.js';
import { claimsOf, enrolTotp, firstStep, nextStepCode, totpCode, verifyMfa } from './support/mfa.js';
import { http, startSecondInstance, startTestApp, type TestApp } from './support/test-app.js';

/** A user with an active TOTP factor, and its secret and recovery codes. */
async function userWithTotp(t: TestApp): Promise<TestUser & { secret: string; factorId: string; recoveryCodes: string[] }> {
  const user = await newUser(t.url);
  const session = await loginAs(t.url, user);
  const totp = await enrolTotp(t.url, session);
  return { ...user, secret: totp.secret, factorId: totp.id, recoveryCodes: totp.recoveryCodes };
}

describe('second factors: TOTP, recovery codes and the second step of a login', () => {
  let t: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
    other = await startSecondInstance(t, { TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  describe('enrolment', () => {
    it('keeps a TOTP factor pending until a code from the app confirms it, then hands out 10 recovery codes once', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const started = await http(t.url, 'POST', '/auth/mfa/totp', { token: session.accessToken });
      expect(started.status).toBe(201);
      expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(started.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]{32}.*algorithm=SHA1&digits=6&period=30/);
      // pending: the password alone still signs in, and /auth/me says no factor
      await loginAs(t.url, user);
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).body.mfa).toBe(false);

      const wrong = await http(t.url, 'POST', `/auth/mfa/totp/${started.body.id}/confirm`, {
        token: session.accessToken,
        body: { code: totpCode(started.body.secret, Date.now() - 120_000) },
      });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_mfa_code']);

      const confirmed = await http(t.url, 'POST', `/auth/mfa/totp/${started.body.id}/confirm`, {
        token: session.accessToken,
        body: { code: totpCode(started.body.secret) },
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.recoveryCodes).toHaveLength(10);
      expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).body.mfa).toBe(true);

      // a second factor does not hand out codes again
      const second = await http(t.url, 'POST', '/auth/mfa/totp', { token: session.accessToken });
      const again = await http(t.url, 'POST', `/auth/mfa/totp/${second.body.id}/confirm`, {
        token: session.accessToken,
        body: { code: nextStepCode(second.body.secret) },
      });
      expect([again.status, again.body.recoveryCodes]).toEqual([200, []]);

      const listed = await http(t.url, 'GET', '/auth/mfa', { token: session.accessToken });
      expect(listed.body.totp.map((f: { id: string }) => f.id).sort()).toEqual([started.body.id, second.body.id].sort());
      expect(listed.body.recoveryCodesLeft).toBe(10);
      expect(JSON.stringify(listed.body)).not.toContain(started.body.secret);
    });

    it('stores the TOTP secret sealed and the recovery codes as hashes, never as given', async () => {
      const user = await userWithTotp(t);
      const {
        rows: [factor],
      } = await t.db.query('SELECT secret FROM totp_factors WHERE id = $1', [user.factorId]);
      expect(factor.secret.toString('latin1')).not.toContain(user.secret);
      const { rows: codes } = await t.db.query('SELECT code_hash FROM recovery_codes WHERE user_id = $1', [user.id]);
      expect(codes).toHaveLength(10);
      for (const { code_hash } of codes) {
        expect(code_hash).toHaveLength(32);
        for (const code of user.recoveryCodes) expect(code_hash.toString('latin1')).not.toContain(code.replace(/-/g, ''));
      }
    });
  });

  describe('login with a factor', () => {
    it("answers mfa_required with a token and the user's methods after the right password, and starts no session before the second step", async () => {
      const user = await userWithTotp(t);
      const before = await familyCount(t.db, user.id);
      const answer = await http(t.url, 'POST', '/auth/login', {
        body: { email: user.email, password: user.password, deviceId: 'laptop-device-1' },
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ statusCode: 401, code: 'mfa_required', methods: ['totp', 'recovery_code'] });
      expect(typeof answer.body.mfaToken).toBe('string');
      expect(answer.body).not.toHaveProperty('accessToken');
      expect(await familyCount(t.db, user.id)).toBe(before);

      const done = await verifyMfa(t.url, { mfaToken: answer.body.mfaToken, code: nextStepCode(user.secret) });
      expect([done.status, done.body.code]).toEqual([200, undefined]);
      expect(done.body.deviceId).toBe('laptop-device-1');
      expect(typeof done.body.deviceToken).toBe('string');
      const claims = claimsOf(done.body.accessToken);
      expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
      expect(Math.abs(claims.auth_time - Date.now() / 1000)).toBeLessThan(5);
      expect(await familyCount(t.db, user.id)).toBe(before + 1);
      // the session's login_succeeded names the first step's method, kept by the mfaToken
      const { rows } = await t.db.query(`SELECT detail FROM audit_events WHERE type = 'login_succeeded' AND session_id = $1`, [
        done.body.sessionId,
      ]);
      expect(rows.map((r) => r.detail)).toEqual([expect.objectContaining({ method: 'password', amr: ['pwd', 'otp', 'mfa'] })]);
    });

    it('still answers invalid_credentials for a wrong password, with no token', async () => {
      const user = await userWithTotp(t);
      const answer = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: 'not the password' } });
      expect([answer.status, answer.body.code, answer.body.mfaToken]).toEqual([401, 'invalid_credentials', undefined]);
    });

    it('spends the mfaToken once: a second use, an unknown token and an expired one are mfa_token_invalid', async () => {
      const user = await userWithTotp(t);
      const { mfaToken } = await firstStep(t.url, user);
      expect((await verifyMfa(t.url, { mfaToken, code: user.recoveryCodes[0] })).status).toBe(200);
      const reused = await verifyMfa(t.url, { mfaToken, code: user.recoveryCodes[1] });
      expect([reused.status, reused.body.code]).toEqual([401, 'mfa_token_invalid']);
      const unknown = await verifyMfa(t.url, { mfaToken: 'x'.repeat(43), code: '123456' });
      expect([unknown.status, unknown.body.code]).toEqual([401, 'mfa_token_invalid']);

      const late = await firstStep(t.url, user);
      await t.db.query(`UPDATE mfa_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      const expired = await verifyMfa(t.url, { mfaToken: late.mfaToken, code: user.recoveryCodes[2] });
      expect([expired.status, expired.body.code]).toEqual([401, 'mfa_token_invalid']);
    });

    it('keeps the mfaToken through a wrong code, so the user can type it again', async () => {
      const user = await userWithTotp(t);
      const { mfaToken } = await firstStep(t.url, user);
      const wrong = await verifyMfa(t.url, { mfaToken, code: totpCode(user.secret, Date.now() - 300_000) });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_mfa_code']);
      expect((await verifyMfa(t.url, { mfaToken, code: nextStepCode(user.secret) })).status).toBe(200);
    });

    it('refuses a TOTP code accepted once, for that factor (no replay in its window)', async () => {
      const user = await userWithTotp(t);
      const code = nextStepCode(user.secret);
      const first = await firstStep(t.url, user);
      expect((await verifyMfa(t.url, { mfaToken: first.mfaToken, code })).status).toBe(200);
      const second = await firstStep(t.url, user);
      const replayed = await verifyMfa(t.url, { mfaToken: second.mfaToken, code });
      expect([replayed.status, replayed.body.code]).toEqual([401, 'invalid_mfa_code']);
      expect((await auditDetails(t.db, { userId: user.id, type: 'mfa_failed' })).map((detail) => detail.reason)).toContain('replayed');
    });

    it('lets two concurrent second steps with one mfaToken make one session', async () => {
      const user = await userWithTotp(t);
      const { mfaToken } = await firstStep(t.url, user);
      const before = await familyCount(t.db, user.id);
      const answers = await Promise.all([
        verifyMfa(t.url, { mfaToken, code: user.recoveryCodes[0] }),
        verifyMfa(other.url, { mfaToken, code: user.recoveryCodes[1] }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
      expect(await familyCount(t.db, user.id)).toBe(before + 1);
    });

    it('accepts one TOTP code once when two second steps race with it on two instances', async () => {
      const user = await userWithTotp(t);
      const code = nextStepCode(user.secret);
      const [a, b] = await Promise.all([firstStep(t.url, user), firstStep(other.url, user)]);
      const before = await familyCount(t.db, user.id);
      const answers = await Promise.all([
        verifyMfa(t.url, { mfaToken: a.mfaToken, code }),
        verifyMfa(other.url, { mfaToken: b.mfaToken, code }),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
      expect(await familyCount(t.db, user.id)).toBe(before + 1);
    });

    it('accepts one recovery code once when two second steps race with it on two instances', async () => {
      const user = await userWithTotp(t);
      const [code] = user.recoveryCodes;
      const [a, b] = await Promise.all([firstStep(t.url, user), firstStep(other.url, user)]);
      const answers = await Promise.all([
        verifyMfa(t.url, { mfaToken: a.mfaToken, code }),
        verifyMfa(other.url, { mfaToken: b.mfaToken, code }),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
      const signedIn = answers.find((answer) => answer.status === 200)!;
      expect((await http(t.url, 'GET', '/auth/mfa', { token: signedIn.body.accessToken })).body.recoveryCodesLeft).toBe(9);
    });

    it('accepts each recovery code once and counts what is left', async () => {
      const user = await userWithTotp(t);
      const [code] = user.recoveryCodes;
      const first = await firstStep(t.url, user);
      const done = await verifyMfa(t.url, { mfaToken: first.mfaToken, code: code.toLowerCase().replace(/-/g, ' ') });
      expect(done.status).toBe(200);
      expect(claimsOf(done.body.accessToken).amr).toEqual(['pwd', 'otp', 'mfa']);
      const second = await firstStep(t.url, user);
      const again = await verifyMfa(t.url, { mfaToken: second.mfaToken, code });
      expect([again.status, again.body.code]).toEqual([401, 'invalid_mfa_code']);
      expect((await http(t.url, 'GET', '/auth/mfa', { token: done.body.accessToken })).body.recoveryCodesLeft).toBe(9);
      expect(await auditDetails(t.db, { userId: user.id, type: 'recovery_code_used' })).toEqual([{ left: 9 }]);
    });

    it('finishes on one instance a login started on another', async () => {
      const user = await userWithTotp(t);
      const { mfaToken } = await firstStep(t.url, user);
      const done = await verifyMfa(other.url, { mfaToken, code: nextStepCode(user.secret) });
      expect(done.status).toBe(200);
      expect((await http(t.url, 'GET', '/auth/me', { token: done.body.accessToken })).body.email).toBe(user.email);
    });

    it("takes wrong codes from the account's guess budget, which a right password does not refill", async () => {
      const user = await userWithTotp(t);
      const headers = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}` });
      let { mfaToken } = await firstStep(t.url, user, {}, headers(200));
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) {
        // the attacker knows the password and asks for a fresh mfaToken now and then
        if (i === 10) ({ mfaToken } = await firstStep(t.url, user, {}, headers(201)));
        statuses.push((await verifyMfa(t.url, { mfaToken, code: String(100000 + i) }, headers(i))).status);
      }
      expect(statuses.slice(0, 19).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(-2)).toEqual([429, 429]);
      // the owner's right code is refused too until the window ends: the budget is the account's
      const owner = await verifyMfa(t.url, { mfaToken, code: nextStepCode(user.secret) }, headers(250));
      expect([owner.status, owner.body.code]).toEqual([429, 'rate_limited']);
      expect(Number(owner.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('works the same in cookie mode: the second step sets the cookies', async () => {
      const user = await userWithTotp(t);
      const cookie = { 'x-auth-mode': 'cookie', origin: 'http://auth.test' };
      const { mfaToken } = await firstStep(t.url, user, { deviceId: 'cookie-device-1' }, cookie);
      const done = await verifyMfa(t.url, { mfaToken, code: nextStepCode(user.secret) }, cookie);
      expect(done.status).toBe(200);
      expect(done.body.refreshToken).toBeUndefined();
      expect(done.body.deviceId).toBe('cookie-device-1');
      const setCookie = done.headers.getSetCookie().join('\n');
      expect(setCookie).toMatch(/(^|\n)refresh=[^;]+;.*Path=\/;.*HttpOnly/);
      expect(done.body.deviceToken).toBeUndefined();
      expect(setCookie).toMatch(/__Secure-device=/);
    });
  });

  describe('amr and auth_time', () => {
    it('puts pwd in a password-only token and keeps amr and auth_time across refreshes', async () => {
      const plain = await loginAs(t.url, await newUser(t.url));
      expect(claimsOf(plain.accessToken).amr).toEqual(['pwd']);

      const user = await userWithTotp(t);
      const { mfaToken } = await firstStep(t.url, user);
      const done = await verifyMfa(t.url, { mfaToken, code: user.recoveryCodes[0] });
      const before = claimsOf(done.body.accessToken);
      await new Promise((r) => setTimeout(r, 1100));
      const refreshed = await refresh(t.url, done.body.refreshToken);
      expect(refreshed.status).toBe(200);
      const after = claimsOf(refreshed.body.accessToken);
      expect(after.amr).toEqual(['pwd', 'otp', 'mfa']);
      expect(after.auth_time).toBe(before.auth_time);
      expect(after.iat).toBeGreaterThan(before.auth_time);
    });
  });

  describe("another user's factors", () => {
    it("answers 404 to confirming or removing another user's TOTP factor, and leaves it as it was", async () => {
      const owner = await newUser(t.url);
      const ownerSession = await loginAs(t.url, owner);
      const active = await enrolTotp(t.url, ownerSession);
      const pending = (await http(t.url, 'POST', '/auth/mfa/totp', { token: ownerSession.accessToken })).body;

      const intruder = await userWithTotp(t);
      const first = await firstStep(t.url, intruder);
      const stepped = (await verifyMfa(t.url, { mfaToken: first.mfaToken, code: nextStepCode(intruder.secret) })).body;
      const removed = await http(t.url, 'DELETE', `/auth/mfa/totp/${active.id}`, { token: stepped.accessToken });
      expect([removed.status, removed.body.code]).toEqual([404, 'not_found']);
      const confirmed = await http(t.url, 'POST', `/auth/mfa/totp/${pending.id}/confirm`, {
        token: stepped.accessToken,
        body: { code: totpCode(pending.secret) },
      });
      expect([confirmed.status, confirmed.body.code]).toEqual([404, 'not_found']);

      const listed = (await http(t.url, 'GET', '/auth/mfa', { token: ownerSession.accessToken })).body;
      expect(listed.totp.map((factor: { id: string }) => factor.id)).toEqual([active.id]);
      // still pending, and still the owner's to confirm
      const own = await http(t.url, 'POST', `/auth/mfa/totp/${pending.id}/confirm`, {
        token: ownerSession.accessToken,
        body: { code: nextStepCode(pending.secret) },
      });
      expect(own.status).toBe(200);
    });
  });

  describe('step-up', () => {
    it('answers step_up_required on a step-up route without mfa, and renews auth_time within the same family', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const totp = await enrolTotp(t.url, session);
      // signed in with the password only: no mfa in amr
      const refused = await http(t.url, 'POST', '/auth/mfa/recovery-codes', { token: session.accessToken });
      expect([refused.status, refused.body.code]).toEqual([403, 'step_up_required']);

      const wrong = await http(t.url, 'POST', '/auth/step-up', { token: session.accessToken, body: { code: '000000' } });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_mfa_code']);
      const stepped = await http(t.url, 'POST', '/auth/step-up', { token: session.accessToken, body: { code: nextStepCode(totp.secret) } });
      expect(stepped.status).toBe(200);
      expect(stepped.body.sessionId).toBe(session.sessionId);
      const claims = claimsOf(stepped.body.accessToken);
      expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
      expect(Math.abs(claims.auth_time - Date.now() / 1000)).toBeLessThan(5);

      const regenerated = await http(t.url, 'POST', '/auth/mfa/recovery-codes', { token: stepped.body.accessToken });
      expect(regenerated.status).toBe(200);
      expect(regenerated.body.recoveryCodes).toHaveLength(10);
      expect(regenerated.body.recoveryCodes).not.toContain(totp.recoveryCodes[0]);
      // the refresh token of the step-up's answer continues the family, with the fresh auth_time
      const next = await refresh(t.url, stepped.body.refreshToken);
      expect(next.body.sessionId).toBe(session.sessionId);
      expect(claimsOf(next.body.accessToken).auth_time).toBe(claims.auth_time);
      expect(await auditCount(t.db, { userId: user.id, type: 'step_up' })).toBe(1);
    });

    it('answers step_up_required once auth_time is older than STEP_UP_MAX_AGE', async () => {
      const user = await userWithTotp(t);
      const { mfaToken } = await firstStep(t.url, user);
      const done = await verifyMfa(t.url, { mfaToken, code: user.recoveryCodes[0] });
      await backdateAuthTime(t.db, { familyId: done.body.sessionId }, 301);
      const old = await refresh(t.url, done.body.refreshToken);
      const refused = await http(t.url, 'DELETE', `/auth/mfa/totp/${user.factorId}`, { token: old.body.accessToken });
      expect([refused.status, refused.body.code]).toEqual([403, 'step_up_required']);
      const fresh = await http(t.url, 'DELETE', `/auth/mfa/totp/${user.factorId}`, { token: done.body.accessToken });
      expect(fresh.status).toBe(204);
      expect((await http(t.url, 'GET', '/auth/mfa', { token: done.body.accessToken })).body.totp).toEqual([]);
    });
  });

  describe('admins', () => {
    it('puts every admin route behind mfa with ADMIN_REQUIRE_MFA=on, and lets the admin in after the second step', async () => {
      const strict = await startSecondInstance(t, { ADMIN_REQUIRE_MFA: 'on' });
      try {
        const admin = await newAdmin(strict);
        const password = await loginAs(strict.url, admin);
        for (const path of ['/admin/users?limit=1', '/admin/overview', '/admin/keys']) {
          const refused = await http(strict.url, 'GET', path, { token: password.accessToken });
          expect([path, refused.status, refused.body.code]).toEqual([path, 403, 'step_up_required']);
        }
        // not the admin's own account routes
        expect((await http(strict.url, 'GET', '/auth/me', { token: password.accessToken })).status).toBe(200);
        const totp = await enrolTotp(strict.url, password);
        const { mfaToken } = await firstStep(strict.url, admin);
        const done = await verifyMfa(strict.url, { mfaToken, code: nextStepCode(totp.secret) });
        expect((await http(strict.url, 'GET', '/admin/users?limit=1', { token: done.body.accessToken })).status).toBe(200);
        // the same token on an instance without the setting: the admin routes there need nothing more
        expect((await http(t.url, 'GET', '/admin/users?limit=1', { token: password.accessToken })).status).toBe(200);
      } finally {
        await strict.close();
      }
    });

    it("resets a user's second factors (admin + step-up): factors and codes removed, sessions ended", async () => {
      const admin = await newAdmin(t);
      const adminSession = await loginAs(t.url, admin);
      const user = await userWithTotp(t);
      const { mfaToken } = await firstStep(t.url, user);
      const userSession = (await verifyMfa(t.url, { mfaToken, code: user.recoveryCodes[0] })).body;

      const listed = await http(t.url, 'GET', `/admin/users/${user.id}/mfa`, { token: adminSession.accessToken });
      expect(listed.status).toBe(200);
      expect(listed.body.totp).toHaveLength(1);
      expect(JSON.stringify(listed.body)).not.toContain(user.secret);

      const noStepUp = await http(t.url, 'DELETE', `/admin/users/${user.id}/mfa`, { token: adminSession.accessToken });
      expect([noStepUp.status, noStepUp.body.code]).toEqual([403, 'step_up_required']);
      const adminTotp = await enrolTotp(t.url, adminSession);
      const stepped = await http(t.url, 'POST', '/auth/step-up', {
        token: adminSession.accessToken,
        body: { code: nextStepCode(adminTotp.secret) },
      });
      const reset = await http(t.url, 'DELETE', `/admin/users/${user.id}/mfa`, { token: stepped.body.accessToken });
      expect(reset.status).toBe(204);
      expect((await http(t.url, 'GET', '/auth/me', { token: userSession.accessToken })).body.code).toBe('session_revoked');
      const { rows } = await t.db.query(
        `SELECT (SELECT count(*) FROM totp_factors WHERE user_id = $1)::int + (SELECT count(*) FROM recovery_codes WHERE user_id = $1)::int AS n`,
        [user.id],
      );
      expect(rows[0].n).toBe(0);
      // the password alone signs in again
      expect((await loginAs(t.url, user)).accessToken).toBeDefined();
      const [removed] = await auditDetails(t.db, { userId: user.id, type: 'mfa_removed' });
      expect(removed).toMatchObject({ by: admin.id, method: 'all', factors: 1 });
    });
  });
});
