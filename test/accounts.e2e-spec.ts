import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MailDelivery } from '../src/mail/mail-delivery.service.js';
import { newAdmin } from './support/admin.js';
import { accountTokens, auditCount, auditDetails, auditTrail, familyCount, userExists, userRow } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session } from './support/factories.js';
import { linkIn, startMailbox, VERIFY_SUBJECT, type Mailbox } from './support/mailbox.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const INVITE_SUBJECT = 'You have been invited';
const CHANGE_SUBJECT = 'Confirm your new email address';
const NOTICE_SUBJECT = 'Your email address is being changed';

describe('accounts for real apps', () => {
  let mailbox: Mailbox;
  let t: TestApp;
  let adminSession: Session;

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({ MAIL_URL: mailbox.url, ROLES: 'editor', REFRESH_REUSE_GRACE: '0' });
    adminSession = await loginAs(t.url, await newAdmin(t));
  });

  afterAll(async () => {
    await t?.close();
    await mailbox?.close();
  });

  /** Every text, varchar and jsonb value of every table, as text, that contains `needle` (case-insensitive). */
  async function whereTextHolds(needle: string): Promise<string[]> {
    const { rows: columns } = await t.db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'character')`,
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ILIKE $1`, [`%${needle}%`]);
      if (rows[0].n > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  describe('DELETE /auth/me', () => {
    it('needs the password, then deletes the account in one go and erases its email everywhere, keeping the audit events', async () => {
      const user = await newUser(t.url, { email: `Erase.Me.${Date.now()}@Example.com` });
      const session = await loginAs(t.url, user);
      await loginAs(t.url, user); // a second family
      await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: 'wrong password' } }); // login_failed with the email typed
      await http(t.url, 'POST', '/auth/password/forgot', { body: { email: user.email.toUpperCase() } });
      // the forgot-password work happens in the background: wait for its audit event
      for (let i = 0; i < 200; i++) {
        if ((await auditCount(t.db, { userId: user.id, type: 'password_reset_requested' })) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await whereTextHolds(user.email)).not.toEqual([]);

      const wrong = await http(t.url, 'DELETE', '/auth/me', { token: session.accessToken, body: { password: 'not the password' } });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_credentials']);
      expect((await http(t.url, 'DELETE', '/auth/me', { token: session.accessToken, body: {} })).status).toBe(400);

      const before = await auditCount(t.db, { userId: user.id });
      const deleted = await http(t.url, 'DELETE', '/auth/me', { token: session.accessToken, body: { password: user.password } });
      expect(deleted.status).toBe(204);

      expect(await whereTextHolds(user.email)).toEqual([]);
      expect(await whereTextHolds(user.email.toLowerCase())).toEqual([]);
      expect(await userExists(t.db, user.id)).toBe(false);
      expect(await familyCount(t.db, user.id)).toBe(0);
      expect(await accountTokens(t.db, user.id)).toEqual([]);
      const events = await auditTrail(t.db, { userId: user.id });
      expect(events.length).toBeGreaterThan(before); // kept, plus the deletion's own
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['user_registered', 'login_succeeded', 'login_failed', 'session_revoked', 'user_deleted']),
      );
      expect(events.find((e) => e.type === 'user_deleted')?.detail).toEqual({ by: 'self', sessionsEnded: 2 });

      // the token of the deleted account is refused, the account cannot log in, the email is free again
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).body.code).toBe('session_revoked');
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).body.code).toBe(
        'invalid_credentials',
      );
      expect((await http(t.url, 'POST', '/auth/register', { body: { email: user.email, password: user.password } })).status).toBe(201);
    });
  });

  describe('mail queued for an account that is deleted', () => {
    it('is dropped with the account, deleted by its owner or by an admin, while other accounts get theirs', async () => {
      const delivery = t.app.get(MailDelivery);
      await delivery.drain(); // what earlier tests queued is out of the way
      mailbox.reject(3);
      // each registration queues a verification mail, whose first attempt the mailbox refuses (451): it waits for a retry
      const [self, byAdmin, kept] = [await newUser(t.url), await newUser(t.url), await newUser(t.url)];
      await delivery.drain();
      const queued = async () =>
        (
          await t.db.query('SELECT user_id, attempts FROM mail_outbox WHERE user_id = ANY($1) ORDER BY user_id', [
            [self.id, byAdmin.id, kept.id],
          ])
        ).rows;
      expect(await queued()).toEqual([self.id, byAdmin.id, kept.id].sort().map((id) => ({ user_id: id, attempts: 1 })));

      const session = await loginAs(t.url, self);
      expect((await http(t.url, 'DELETE', '/auth/me', { token: session.accessToken, body: { password: self.password } })).status).toBe(204);
      expect((await http(t.url, 'DELETE', `/admin/users/${byAdmin.id}`, { token: adminSession.accessToken })).status).toBe(204);
      expect(await queued()).toEqual([{ user_id: kept.id, attempts: 1 }]);

      // the retry comes: only the remaining account's mail goes out
      await t.db.query('UPDATE mail_outbox SET next_attempt_at = now()');
      await delivery.drain();
      expect((await mailbox.next(kept.email, VERIFY_SUBJECT)).to).toEqual([kept.email]);
      expect(mailbox.received.filter((m) => m.to.includes(self.email) || m.to.includes(byAdmin.email))).toEqual([]);
    });
  });

  describe('DELETE /admin/users/:id', () => {
    it("deletes another account as DELETE /auth/me does, 404 for an unknown one, 403 for one's own", async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const response = await http(t.url, 'DELETE', `/admin/users/${user.id}`, { token: adminSession.accessToken });
      expect(response.status).toBe(204);
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).body.code).toBe('session_revoked');
      expect(await whereTextHolds(user.email)).toEqual([]);
      expect((await http(t.url, 'DELETE', `/admin/users/${user.id}`, { token: adminSession.accessToken })).status).toBe(404);
      const self = await http(t.url, 'GET', '/auth/me', { token: adminSession.accessToken });
      expect((await http(t.url, 'DELETE', `/admin/users/${self.body.id}`, { token: adminSession.accessToken })).status).toBe(403);
      expect((await http(t.url, 'DELETE', `/admin/users/${user.id}`, { token: session.accessToken })).status).toBe(401);
    });
  });

  describe('GET /auth/me/export', () => {
    it('answers everything stored about the caller, without secrets', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user, { deviceName: 'Laptop' });
      const response = await http(t.url, 'GET', '/auth/me/export', { token: session.accessToken });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body.profile).toMatchObject({ id: user.id, email: user.email, roles: ['user'], claims: {}, emailVerified: false });
      expect(response.body.sessions).toEqual([expect.objectContaining({ id: session.sessionId, deviceName: 'Laptop', generations: 1 })]);
      expect(response.body.auditEvents.map((e: { type: string }) => e.type)).toEqual(['login_succeeded', 'user_registered']);
      expect(response.body.identities).toEqual([]);
      expect(response.body.factors).toEqual({ totp: [], passkeys: [], recoveryCodesLeft: 0 });
      const text = JSON.stringify(response.body);
      expect(text).not.toContain((await userRow(t.db, user.id)).password_hash);
      expect(text).not.toContain(session.refreshToken.split('.').pop());
    });
  });

  it('exports second factors without their secrets', async () => {
    const user = await newUser(t.url);
    const session = await loginAs(t.url, user);
    const enrolled = await http(t.url, 'POST', '/auth/mfa/totp', { token: session.accessToken });
    expect(enrolled.status).toBe(201);
    const response = await http(t.url, 'GET', '/auth/me/export', { token: session.accessToken });
    expect(response.body.factors.totp).toEqual([expect.objectContaining({ id: enrolled.body.id, active: false })]);
    expect(JSON.stringify(response.body)).not.toContain(enrolled.body.secret);
  });

  describe('email change', () => {
    it('mails a link to the new address and a notice to the old; the link changes the email (verified) and ends every other family', async () => {
      const user = await newUser(t.url);
      const asking = await loginAs(t.url, user);
      const other = await loginAs(t.url, user);
      const newEmail = `New.${user.email}`;
      const wrong = await http(t.url, 'POST', '/auth/email/change', {
        token: asking.accessToken,
        body: { newEmail, password: 'not it at all' },
      });
      expect(wrong.body.code).toBe('invalid_credentials');
      const asked = await http(t.url, 'POST', '/auth/email/change', {
        token: asking.accessToken,
        body: { newEmail, password: user.password },
      });
      expect(asked.status).toBe(202);
      const notice = await mailbox.next(user.email, NOTICE_SUBJECT);
      expect(notice.text).not.toContain('token=');
      const link = linkIn(await mailbox.next(newEmail, CHANGE_SUBJECT));
      expect(link.pathname).toBe('/confirm-email');
      // nothing changed yet
      expect((await http(t.url, 'GET', '/auth/me', { token: other.accessToken })).body.email).toBe(user.email);

      const confirmed = await http(t.url, 'POST', '/auth/email/change/confirm', { body: { token: link.searchParams.get('token') } });
      expect(confirmed.status).toBe(204);
      const me = await http(t.url, 'GET', '/auth/me', { token: asking.accessToken });
      expect(me.body.email).toBe(newEmail);
      expect((await http(t.url, 'GET', `/admin/users/${user.id}`, { token: adminSession.accessToken })).body.emailVerified).toBe(true);
      expect((await http(t.url, 'GET', '/auth/me', { token: other.accessToken })).body.code).toBe('session_revoked');
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: newEmail.toUpperCase(), password: user.password } })).status).toBe(
        200,
      );
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).body.code).toBe(
        'invalid_credentials',
      );
      // spent
      expect((await http(t.url, 'POST', '/auth/email/change/confirm', { body: { token: link.searchParams.get('token') } })).body.code).toBe(
        'reset_token_invalid',
      );
      const [changed] = await auditDetails(t.db, { userId: user.id, type: 'email_changed' });
      expect(changed).toMatchObject({ sessionsEnded: 1 });
    });

    it("holds the canonical-email rules: another account's address in any spelling is 409, an invisible character 400", async () => {
      const user = await newUser(t.url);
      const taken = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const clash = await http(t.url, 'POST', '/auth/email/change', {
        token: session.accessToken,
        body: { newEmail: taken.email.toUpperCase(), password: user.password },
      });
      expect([clash.status, clash.body.code]).toEqual([409, 'email_taken']);
      const invisible = await http(t.url, 'POST', '/auth/email/change', {
        token: session.accessToken,
        body: { newEmail: `a\u200b${taken.email}`, password: user.password },
      });
      expect([invisible.status, invisible.body.code]).toEqual([400, 'validation_failed']);
      const same = await http(t.url, 'POST', '/auth/email/change', {
        token: session.accessToken,
        body: { newEmail: user.email.toUpperCase(), password: user.password },
      });
      expect(same.status).toBe(400);
    });

    it('refuses a confirmation whose address was taken meanwhile with 409, changing nothing', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const newEmail = `later-${Date.now()}@example.com`;
      await http(t.url, 'POST', '/auth/email/change', { token: session.accessToken, body: { newEmail, password: user.password } });
      const link = linkIn(await mailbox.next(newEmail, CHANGE_SUBJECT));
      await newUser(t.url, { email: newEmail });
      const confirmed = await http(t.url, 'POST', '/auth/email/change/confirm', { body: { token: link.searchParams.get('token') } });
      expect([confirmed.status, confirmed.body.code]).toEqual([409, 'email_taken']);
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).body.email).toBe(user.email);
    });
  });

  describe('POST /admin/users', () => {
    it('creates an account and invites it: the mailed link sets a password with POST /auth/password/reset and verifies the email', async () => {
      const email = `invited-${Date.now()}@example.com`;
      const created = await http(t.url, 'POST', '/admin/users', {
        token: adminSession.accessToken,
        body: { email, name: 'Grace', roles: ['user', 'editor'], invite: true },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ email, name: 'Grace', roles: ['user', 'editor'], emailVerified: false, disabled: false });
      const mail = await mailbox.next(email, INVITE_SUBJECT);
      expect(mail.text).toContain('7 days');
      const link = linkIn(mail);
      expect(link.pathname).toBe('/reset-password');
      // no password works before the invitation is accepted
      const set = await http(t.url, 'POST', '/auth/password/reset', {
        body: { token: link.searchParams.get('token'), newPassword: 'my own password 1' },
      });
      expect(set.status).toBe(204);
      const login = await http(t.url, 'POST', '/auth/login', { body: { email, password: 'my own password 1' } });
      expect(login.status).toBe(200);
      const user = await http(t.url, 'GET', `/admin/users/${created.body.id}`, { token: adminSession.accessToken });
      expect(user.body.emailVerified).toBe(true);
      const [creation] = await auditDetails(t.db, { userId: created.body.id, type: 'user_created_by_admin' });
      expect(creation).toMatchObject({ invited: true, roles: ['user', 'editor'] });
    });

    it('keeps the invitation valid for INVITE_TTL, not the reset lifetime', async () => {
      const email = `ttl-${Date.now()}@example.com`;
      const created = await http(t.url, 'POST', '/admin/users', { token: adminSession.accessToken, body: { email, invite: true } });
      const { rows } = await t.db.query(
        `SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM account_tokens WHERE user_id = $1`,
        [created.body.id],
      );
      expect(rows[0].ttl).toBe(7 * 86400);
    });

    it.each([
      [{ email: 'not-an-email' }, 400],
      [{ email: 'x@example.com', roles: ['root'] }, 400],
      [{ email: 'x@example.com', invite: 'yes' }, 400],
    ])('refuses %j with %i', async (body, status) => {
      expect((await http(t.url, 'POST', '/admin/users', { token: adminSession.accessToken, body })).status).toBe(status);
    });

    it('answers 409 email_taken for an existing account in any spelling, and 403 to a non-admin', async () => {
      const user = await newUser(t.url);
      expect(
        (await http(t.url, 'POST', '/admin/users', { token: adminSession.accessToken, body: { email: user.email.toUpperCase() } })).body
          .code,
      ).toBe('email_taken');
      const session = await loginAs(t.url, user);
      expect((await http(t.url, 'POST', '/admin/users', { token: session.accessToken, body: { email: 'y@example.com' } })).status).toBe(
        403,
      );
    });
  });

  it('a refresh after deletion is refused (the families went with the account)', async () => {
    const user = await newUser(t.url);
    const session = await loginAs(t.url, user);
    await http(t.url, 'DELETE', '/auth/me', { token: session.accessToken, body: { password: user.password } });
    expect((await refresh(t.url, session.refreshToken)).status).toBe(401);
  });
});
