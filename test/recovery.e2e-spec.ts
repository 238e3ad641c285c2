import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { MailDelivery } from '../src/mail/mail-delivery.service.js';
import { BackgroundTasks } from '../src/recovery/background-tasks.js';
import { newAdmin } from './support/admin.js';
import { accountTokens, auditDetails, auditEvents, auditTrail, disableUser, emailVerified, familyCount } from './support/db-state.js';
import { loginAs, newUser, refresh, type TestUser } from './support/factories.js';
import { linkIn, RESET_SUBJECT, startMailbox, VERIFY_SUBJECT, type Mailbox } from './support/mailbox.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/** Waits until the background forgot-password work and the mail it queued are done. */
async function settle(t: TestApp): Promise<void> {
  await t.app.get(BackgroundTasks).idle();
  await t.app.get(MailDelivery).drain();
}

const forgot = (t: TestApp, email: string) => http(t.url, 'POST', '/auth/password/forgot', { body: { email } });
const reset = (t: TestApp, token: string, newPassword: string) =>
  http(t.url, 'POST', '/auth/password/reset', { body: { token, newPassword } });
const check = (t: TestApp, token: unknown) => http(t.url, 'POST', '/auth/password/reset/check', { body: { token } });
const login = (t: TestApp, email: string, password: string) => http(t.url, 'POST', '/auth/login', { body: { email, password } });
const me = (t: TestApp, accessToken: string) => http(t.url, 'GET', '/auth/me', { token: accessToken });

describe('account recovery over real SMTP', () => {
  let t: TestApp;
  let mailbox: Mailbox;

  /** Asks for a reset link for `user` and returns the token from the mail that arrives. */
  async function resetToken(user: TestUser): Promise<string> {
    expect((await forgot(t, user.email)).status).toBe(202);
    await settle(t);
    const mail = await mailbox.next(user.email, RESET_SUBJECT);
    return linkIn(mail).searchParams.get('token')!;
  }

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({ MAIL_URL: mailbox.url, MAIL_FROM: 'auth@example.test', REFRESH_REUSE_GRACE: '0' });
    // the links must point at this test server, whose port is known only now
    t.config.PASSWORD_RESET_URL = `${t.url}/reset-password?token={token}`;
    t.config.EMAIL_VERIFY_URL = `${t.url}/verify-email?token={token}`;
  });
  afterAll(async () => {
    await t.close();
    await mailbox.close();
  });

  describe('forgot and reset', () => {
    it('mails a working link; the reset ends every family, the old password fails and the new one works', async () => {
      const user = await newUser(t.url);
      const laptop = await loginAs(t.url, user, { deviceId: 'laptop-00001' });
      const phone = await loginAs(t.url, user, { deviceId: 'phone-000001' });

      expect((await forgot(t, user.email)).status).toBe(202);
      await settle(t);
      const mail = await mailbox.next(user.email, RESET_SUBJECT);
      expect(mail.from).toBe('auth@example.test');
      const link = linkIn(mail);
      expect(link.origin + link.pathname).toBe(`${t.url}/reset-password`);
      expect(mail.html).toContain(`href="${link.href.replace(/&/g, '&amp;')}"`);
      const token = link.searchParams.get('token')!;

      // only a hash of the token is stored
      const stored = await accountTokens(t.db, user.id, 'password_reset');
      expect(stored.map((row) => row.token_hash)).toEqual([createHash('sha256').update(token).digest()]);

      // the link opens the service's page
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form id="reset-form" method="post">');

      const newPassword = 'a brand new passphrase';
      expect((await reset(t, token, newPassword)).status).toBe(204);

      for (const session of [laptop, phone]) {
        const refused = await refresh(t.url, session.refreshToken, session.deviceId);
        expect([refused.status, refused.body.code]).toEqual([401, 'invalid_refresh_token']);
        const access = await me(t, session.accessToken);
        expect([access.status, access.body.code]).toEqual([401, 'session_revoked']);
      }
      expect((await login(t, user.email, user.password)).status).toBe(401);
      expect((await login(t, user.email, newPassword)).status).toBe(200);

      const families = await t.db.query(`SELECT session_id, reason FROM revoked_sessions WHERE user_id = $1 ORDER BY session_id`, [
        user.id,
      ]);
      expect(families.rows).toEqual([laptop.sessionId, phone.sessionId].sort().map((id) => ({ session_id: id, reason: 'password_reset' })));
      const audit = await auditTrail(t.db, { userId: user.id, type: ['password_reset_requested', 'password_reset', 'session_revoked'] });
      expect(audit).toEqual([
        { type: 'password_reset_requested', detail: { email: user.email, outcome: 'mailed' } },
        { type: 'session_revoked', detail: { reason: 'password_reset' } }, // one event for both families
        { type: 'password_reset', detail: { sessionsEnded: 2 } },
      ]);
      expect(await accountTokens(t.db, user.id)).toHaveLength(1); // the verification token only
    });

    /**
     * Tokens no reset accepts: one used (`beforeUse` sees it while it is still good; the
     * password becomes "first new password"), two superseded, one expired, two made up.
     */
    async function deadTokens(user: TestUser, beforeUse: (token: string) => Promise<void> = async () => undefined): Promise<string[]> {
      const used = await resetToken(user);
      await beforeUse(used);
      expect((await reset(t, used, 'first new password')).status).toBe(204);
      const superseded = await resetToken(user);
      const newest = await resetToken(user);
      const expired = await resetToken({ ...user });
      await t.db.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND purpose = 'password_reset'`,
        [user.id],
      );
      return [used, superseded, newest, expired, 'made-up-token', 'x'.repeat(43)];
    }

    it('refuses a used, a superseded, an expired and a made-up token with 400 reset_token_invalid', async () => {
      const user = await newUser(t.url);
      for (const token of await deadTokens(user)) {
        const response = await reset(t, token, 'second new password');
        expect([response.status, response.body.code]).toEqual([400, 'reset_token_invalid']);
      }
      // none of them changed the password
      expect((await login(t, user.email, 'first new password')).status).toBe(200);
    });

    it('checks a token without spending it: valid while the reset would work, and why not once it would not', async () => {
      const user = await newUser(t.url);
      const dead = await deadTokens(user, async (good) => {
        expect(await check(t, good)).toMatchObject({ status: 200, body: { valid: true } });
        expect(await check(t, good)).toMatchObject({ status: 200, body: { valid: true } }); // still: checking spends nothing
      });
      // 200 all the same: a spent link is an answer the page shows, not a failed request
      for (const token of dead) {
        expect(await check(t, token)).toMatchObject({ status: 200, body: { valid: false, code: 'reset_token_invalid' } });
      }
      expect((await login(t, user.email, 'first new password')).status).toBe(200);
    });

    it('checks a token of a disabled account as the reset would answer it: account_disabled', async () => {
      const user = await newUser(t.url);
      const token = await resetToken(user);
      await disableUser(t.db, user.id);
      expect(await check(t, token)).toMatchObject({ status: 200, body: { valid: false, code: 'account_disabled' } });
      expect((await reset(t, token, 'disabled new password')).body.code).toBe('account_disabled');
    });

    it('counts checks with the other token checks of the IP: past the limit, 429 rate_limited', async () => {
      await t.db.query(`UPDATE rate_limit_buckets SET hits = 100 WHERE key LIKE 'token-check:ip:%'`);
      const { rowCount } = await t.db.query(`SELECT 1 FROM rate_limit_buckets WHERE key LIKE 'token-check:ip:%'`);
      expect(rowCount).toBe(1); // this test's IP has checked before: its counter is the one filled
      try {
        const limited = await check(t, 'made-up-token');
        expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
        expect((await reset(t, 'made-up-token', 'some new password')).status).toBe(429);
      } finally {
        await t.db.query(`DELETE FROM rate_limit_buckets WHERE key LIKE 'token-check:ip:%'`);
      }
    });

    it.each([
      ['no token', undefined],
      ['an empty token', ''],
      ['a number', 42],
      ['a token over 512 characters', 'x'.repeat(513)],
    ])('refuses a check with %s: 400 validation_failed', async (_case, token) => {
      expect((await check(t, token)).body.code).toBe('validation_failed');
    });

    it('withdraws an outstanding reset link when the password is changed', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const token = await resetToken(user);
      const changed = await http(t.url, 'POST', '/auth/password', {
        token: session.accessToken,
        body: { currentPassword: user.password, newPassword: 'changed the usual way' },
      });
      expect(changed.status).toBe(204);
      const response = await reset(t, token, 'from the old link');
      expect([response.status, response.body.code]).toEqual([400, 'reset_token_invalid']);
    });

    it('lets one of two concurrent resets with the same token win', async () => {
      const user = await newUser(t.url);
      const token = await resetToken(user);
      const answers = await Promise.all([reset(t, token, 'concurrent one 1'), reset(t, token, 'concurrent two 2')]);
      expect(answers.map((a) => a.status).sort()).toEqual([204, 400]);
      const winner = answers[0].status === 204 ? 'concurrent one 1' : 'concurrent two 2';
      expect((await login(t, user.email, winner)).status).toBe(200);
    });

    it.each([
      ['no token', { newPassword: 'long enough password' }],
      ['a short password', { token: 'abc', newPassword: 'short' }],
      ['a password over 128 characters', { token: 'abc', newPassword: 'x'.repeat(129) }],
      ['a number as token', { token: 42, newPassword: 'long enough password' }],
      ['an unknown field', { token: 'abc', newPassword: 'long enough password', userId: 'x' }],
    ])('answers 400 validation_failed for %s', async (_, body) => {
      const response = await http(t.url, 'POST', '/auth/password/reset', { body });
      expect([response.status, response.body.code]).toEqual([400, 'validation_failed']);
    });

    it('answers 202 for an unknown email and sends nothing', async () => {
      const before = mailbox.received.length;
      const known = await newUser(t.url);
      await settle(t);
      const knownCount = mailbox.received.length;
      const unknownAnswer = await forgot(t, 'nobody-at-all@example.com');
      const knownAnswer = await forgot(t, known.email);
      await settle(t);
      expect([unknownAnswer.status, unknownAnswer.body]).toEqual([202, undefined]);
      expect([knownAnswer.status, knownAnswer.body]).toEqual([unknownAnswer.status, unknownAnswer.body]);
      expect(mailbox.received.slice(before).map((m) => m.to)).toEqual([[known.email], [known.email]]); // verification, then reset
      expect(mailbox.received.length).toBe(knownCount + 1);
      const audit = await auditEvents(t.db, { type: 'password_reset_requested', detail: { email: 'nobody-at-all@example.com' } });
      expect(audit).toEqual([
        expect.objectContaining({ user_id: null, detail: { email: 'nobody-at-all@example.com', outcome: 'unknown_email' } }),
      ]);
    });

    it('answers before it looks the account up, so timing cannot tell whether the email exists', async () => {
      const user = await newUser(t.url);
      await settle(t);
      // hold every lookup of users: the answer must not wait for it
      await t.db.query('BEGIN');
      await t.db.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      try {
        expect((await forgot(t, user.email)).status).toBe(202);
        expect((await forgot(t, 'unknown-while-locked@example.com')).status).toBe(202);
      } finally {
        await t.db.query('ROLLBACK');
      }
      await settle(t);
      expect(linkIn(await mailbox.next(user.email, RESET_SUBJECT)).pathname).toBe('/reset-password');
    });

    it('stops mailing an account from one ip after 5 requests in 15 minutes, still answering 202', async () => {
      const user = await newUser(t.url);
      await settle(t);
      for (let i = 0; i < 7; i++) expect((await forgot(t, user.email.toUpperCase())).status).toBe(202);
      await settle(t);
      expect(mailbox.received.filter((m) => m.to.includes(user.email) && m.subject === RESET_SUBJECT)).toHaveLength(5);
    });

    it("lets no stranger silence the owner: the limit is per account and ip, so a flood from one ip leaves the owner's own request mailed", async () => {
      const proxied = await startTestApp({ TRUST_PROXY: '1' });
      try {
        const user = await newUser(proxied.url);
        const from = (ip: string) =>
          http(proxied.url, 'POST', '/auth/password/forgot', { body: { email: user.email }, headers: { 'x-forwarded-for': ip } });
        for (let i = 0; i < 8; i++) expect((await from('203.0.113.66')).status).toBe(202);
        expect((await from('198.51.100.7')).status).toBe(202);
        await proxied.app.get(BackgroundTasks).idle();
        const rows = await auditEvents(proxied.db, { type: 'password_reset_requested', userId: user.id, detail: { outcome: 'mailed' } });
        expect(rows.filter((r) => r.ip === '203.0.113.66')).toHaveLength(5);
        expect(rows.filter((r) => r.ip === '198.51.100.7')).toHaveLength(1);
      } finally {
        await proxied.close();
      }
    });

    it('takes the device tokens back on a reset: a device that signed in with the old password is a stranger again', async () => {
      const user = await newUser(t.url);
      const before = await login(t, user.email, user.password);
      const deviceToken: string = before.body.deviceToken;
      expect((await reset(t, await resetToken(user), 'the new password after reset')).status).toBe(204);
      for (let i = 0; i < 20; i++) expect((await login(t, user.email, `stranger guess ${i}`)).status).toBe(401);
      const withOldDevice = await http(t.url, 'POST', '/auth/login', {
        body: { email: user.email, password: 'the new password after reset', deviceToken },
      });
      expect([withOldDevice.status, withOldDevice.body.code]).toEqual([429, 'rate_limited']);
    });

    it('refuses a reset of a disabled account and keeps the token', async () => {
      const user = await newUser(t.url);
      const token = await resetToken(user);
      await disableUser(t.db, user.id);
      const response = await reset(t, token, 'disabled new password');
      expect([response.status, response.body.code]).toEqual([403, 'account_disabled']);
      expect(await accountTokens(t.db, user.id, 'password_reset')).toHaveLength(1);
      expect((await forgot(t, user.email)).status).toBe(202); // a disabled account gets no mail
      await settle(t);
      expect(mailbox.received.filter((m) => m.to.includes(user.email) && m.subject === RESET_SUBJECT)).toHaveLength(1);
    });

    it('retries a mail the SMTP server refused, and never fails the request', async () => {
      const user = await newUser(t.url);
      await settle(t);
      mailbox.reject(1);
      expect((await forgot(t, user.email)).status).toBe(202);
      await settle(t);
      const waiting = await t.db.query(`SELECT attempts, last_error, next_attempt_at > now() AS later FROM mail_outbox`);
      expect(waiting.rows).toEqual([{ attempts: 1, last_error: expect.stringContaining('try again later'), later: true }]);
      // the outbox holds the mail sealed: the token is not readable in the database
      const sealed = await t.db.query(`SELECT payload FROM mail_outbox`);
      expect(sealed.rows[0].payload.toString('latin1')).not.toContain('reset-password');

      await t.db.query(`UPDATE mail_outbox SET next_attempt_at = now()`);
      await settle(t);
      expect(linkIn(await mailbox.next(user.email, RESET_SUBJECT)).pathname).toBe('/reset-password');
      expect((await t.db.query('SELECT 1 FROM mail_outbox')).rows).toHaveLength(0);
    });

    it('clears the failed-login count of the account', async () => {
      const user = await newUser(t.url);
      for (let i = 0; i < 20; i++) await login(t, user.email, 'wrong password!');
      const locked = await login(t, user.email, user.password);
      expect([locked.status, locked.body.code]).toEqual([429, 'rate_limited']);
      const token = await resetToken(user);
      expect((await reset(t, token, 'after the lockout')).status).toBe(204);
      expect((await login(t, user.email, 'after the lockout')).status).toBe(200);
    });
  });

  describe('email verification', () => {
    it('mails a link at registration; verifying flips the flag once', async () => {
      const user = await newUser(t.url);
      expect(await emailVerified(t.db, user.id)).toBe(false);
      await settle(t);
      const mail = await mailbox.next(user.email, VERIFY_SUBJECT);
      const link = linkIn(mail);
      expect(link.origin + link.pathname).toBe(`${t.url}/verify-email`);
      const token = link.searchParams.get('token')!;

      expect((await http(t.url, 'POST', '/auth/email/verify', { body: { token } })).status).toBe(204);
      expect(await emailVerified(t.db, user.id)).toBe(true);
      const again = await http(t.url, 'POST', '/auth/email/verify', { body: { token } });
      expect([again.status, again.body.code]).toEqual([400, 'reset_token_invalid']);
      expect(await auditDetails(t.db, { userId: user.id, type: 'email_verified' })).toEqual([{ via: 'link' }]);
    });

    it('resends a link to a signed-in user; the older link stops working', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      await settle(t);
      const first = linkIn(await mailbox.next(user.email, VERIFY_SUBJECT)).searchParams.get('token')!;

      expect((await http(t.url, 'POST', '/auth/email/verify/resend')).status).toBe(401);
      expect((await http(t.url, 'POST', '/auth/email/verify/resend', { token: session.accessToken })).status).toBe(202);
      await settle(t);
      const second = linkIn(await mailbox.next(user.email, VERIFY_SUBJECT)).searchParams.get('token')!;
      expect(second).not.toBe(first);
      expect((await http(t.url, 'POST', '/auth/email/verify', { body: { token: first } })).body.code).toBe('reset_token_invalid');
      expect((await http(t.url, 'POST', '/auth/email/verify', { body: { token: second } })).status).toBe(204);

      // verified: a resend answers 202 and sends nothing (and counts towards the limit of 5 in 15 minutes)
      const count = mailbox.received.length;
      expect((await http(t.url, 'POST', '/auth/email/verify/resend', { token: session.accessToken })).status).toBe(202);
      await settle(t);
      expect(mailbox.received.length).toBe(count);
      for (let i = 0; i < 3; i++)
        expect((await http(t.url, 'POST', '/auth/email/verify/resend', { token: session.accessToken })).status).toBe(202);
      const limited = await http(t.url, 'POST', '/auth/email/verify/resend', { token: session.accessToken });
      expect([limited.status, limited.body.code, Number(limited.headers.get('retry-after')) > 0]).toEqual([429, 'rate_limited', true]);
    });

    it('shows emailVerified to admins and lets them set it', async () => {
      const admin = await loginAs(t.url, await newAdmin(t));
      const user = await newUser(t.url);
      const listed = await http(t.url, 'GET', `/admin/users?query=${encodeURIComponent(user.email)}`, { token: admin.accessToken });
      expect(listed.body.items).toEqual([expect.objectContaining({ id: user.id, emailVerified: false })]);
      const patched = await http(t.url, 'PATCH', `/admin/users/${user.id}`, { token: admin.accessToken, body: { emailVerified: true } });
      expect([patched.status, patched.body.emailVerified]).toEqual([200, true]);
      expect(await auditDetails(t.db, { userId: user.id, type: 'email_verified' })).toEqual([
        { via: 'admin', verified: true, by: expect.any(String) },
      ]);
      const invalid = await http(t.url, 'PATCH', `/admin/users/${user.id}`, { token: admin.accessToken, body: { emailVerified: 'yes' } });
      expect([invalid.status, invalid.body.code]).toEqual([400, 'validation_failed']);
    });
  });

  describe('pages', () => {
    it('serves an icon at /favicon.ico, so no page of the service meets a 404 for it', async () => {
      const response = await fetch(`${t.url}/favicon.ico`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/x-icon');
      const icon = Buffer.from(await response.arrayBuffer());
      expect([...icon.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO header
      expect(icon.readUInt16LE(4)).toBeGreaterThan(0);
    });

    it('gives the reset page the hidden username field password managers look for', async () => {
      const html = await (await fetch(`${t.url}/reset-password?token=abc`)).text();
      expect(html).toMatch(/<input[^>]*autocomplete="username"[^>]*hidden>/);
      expect(html).toContain('<link rel="icon" href="/favicon.ico">');
    });

    it.each(['/reset-password', '/verify-email'])('serves %s with a strict CSP and no inline script', async (route) => {
      const response = await fetch(`${t.url}${route}?token=abc`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'; script-src 'self'; connect-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await response.text();
      expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/recovery/recovery.js">']);
      expect(html).not.toMatch(/ on[a-z]+=/);
      const script = await fetch(`${t.url}/recovery/recovery.js`);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    });
  });
});

describe('REQUIRE_EMAIL_VERIFICATION=on', () => {
  let t: TestApp;
  let mailbox: Mailbox;

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({ MAIL_URL: mailbox.url, REQUIRE_EMAIL_VERIFICATION: 'on' });
  });
  afterAll(async () => {
    await t.close();
    await mailbox.close();
  });

  it('holds an unverified login after the password check, and lets it through once verified', async () => {
    const user = await newUser(t.url);
    const wrong = await login(t, user.email, 'not the password');
    expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_credentials']);
    const held = await login(t, user.email, user.password);
    expect([held.status, held.body.code]).toEqual([403, 'email_not_verified']);
    expect(await familyCount(t.db, user.id)).toBe(0);

    await settle(t);
    const token = linkIn(await mailbox.next(user.email, VERIFY_SUBJECT)).searchParams.get('token')!;
    expect((await http(t.url, 'POST', '/auth/email/verify', { body: { token } })).status).toBe(204);
    expect((await login(t, user.email, user.password)).status).toBe(200);
  });

  it('counts a password reset as proof of the email', async () => {
    const user = await newUser(t.url);
    expect((await forgot(t, user.email)).status).toBe(202);
    await settle(t);
    const token = linkIn(await mailbox.next(user.email, RESET_SUBJECT)).searchParams.get('token')!;
    expect((await reset(t, token, 'reset and verified')).status).toBe(204);
    expect((await login(t, user.email, 'reset and verified')).status).toBe(200);
  });
});

describe('MAIL_URL with credentials', () => {
  const credentials = { user: 'mailer', pass: 'p@ss:word/1' };
  let mailbox: Mailbox;

  beforeAll(async () => {
    mailbox = await startMailbox(credentials);
  });
  afterAll(() => mailbox.close());

  it('logs in to the SMTP server with the credentials of the URL', async () => {
    const t = await startTestApp({ MAIL_URL: mailbox.url });
    try {
      const user = await newUser(t.url);
      await settle(t);
      expect(linkIn(await mailbox.next(user.email, VERIFY_SUBJECT)).pathname).toBe('/verify-email');
    } finally {
      await t.close();
    }
  });

  it('keeps a mail the server refused for a retry, and the user never sees it fail', async () => {
    const t = await startTestApp({ MAIL_URL: mailbox.url.replace(encodeURIComponent(credentials.pass), 'wrong') });
    try {
      const registered = await http(t.url, 'POST', '/auth/register', {
        body: { email: 'refused-mail@example.com', password: 'long enough password' },
      });
      expect(registered.status).toBe(201);
      await settle(t);
      const waiting = await t.db.query('SELECT kind, attempts, last_error FROM mail_outbox');
      expect(waiting.rows).toEqual([{ kind: 'email-verify', attempts: 1, last_error: expect.stringMatching(/invalid credentials/i) }]);
    } finally {
      await t.close();
    }
  });
});

describe('without MAIL_URL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('writes each mail as an .eml file under DATA_DIR/outbox', async () => {
    const user = await newUser(t.url);
    await settle(t);
    const outbox = path.join(t.config.DATA_DIR, 'outbox');
    const files = readdirSync(outbox);
    expect(files).toEqual([expect.stringMatching(/\.eml$/)]);
    const parsed = await simpleParser(readFileSync(path.join(outbox, files[0])));
    expect(parsed.to).toMatchObject({ text: user.email });
    expect(parsed.subject).toBe('Confirm your email address');
    const link = /http:\/\/localhost:0\/verify-email\?token=(\S+)/.exec(parsed.text ?? '');
    expect(link).not.toBeNull();
    expect((await http(t.url, 'POST', '/auth/email/verify', { body: { token: link![1] } })).status).toBe(204);
  });
});
