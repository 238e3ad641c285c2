import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { backfillCanonicalEmails } from '../migrations/1764620000000-CanonicalEmail.js';
import { canonicalEmail } from '../src/email-address/email.js';
import { newAdmin } from './support/admin.js';
import { insertUser, userRow, usersWithEmail } from './support/db-state.js';
import { loginAs } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const PASSWORD = 'a long enough password';

/** A unique local part, so the cases of this file never meet each other's accounts. */
const tag = () => randomBytes(4).toString('hex');

describe('canonical email (NFKC, then one lower-casing)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS: 'off' });
  });
  afterAll(() => t.close());

  const register = (email: string) => http(t.url, 'POST', '/auth/register', { body: { email, password: PASSWORD } });
  const login = (email: string, password = PASSWORD) => http(t.url, 'POST', '/auth/login', { body: { email, password } });

  it.each([
    ['İ variants (U+0130)', (x: string) => `k\u0130k\u0130-${x}@example.com`, (x: string) => `K\u0130k\u0130-${x}@EXAMPLE.com`],
    ['josé in NFC and NFD', (x: string) => `jos\u00e9-${x}@example.com`, (x: string) => `jose\u0301-${x}@example.com`],
    ['fullwidth ａdmin', (x: string) => `admin-${x}@example.com`, (x: string) => `\uff41dmin-${x}@example.com`],
    ['the ﬁ ligature', (x: string) => `finn-${x}@example.com`, (x: string) => `\ufb01nn-${x}@example.com`],
    ['upper case', (x: string) => `case-${x}@example.com`, (x: string) => `CASE-${x}@Example.COM`],
  ])('treats two spellings as one account: %s', async (_, first, second) => {
    const x = tag();
    const created = await register(first(x));
    expect(created.status).toBe(201);
    const duplicate = await register(second(x));
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'email_taken']);
    // either spelling logs into the one account
    for (const spelling of [first(x), second(x)]) {
      const answer = await login(spelling);
      expect(answer.status).toBe(200);
      expect((await http(t.url, 'GET', '/auth/me', { token: answer.body.accessToken })).body.id).toBe(created.body.id);
    }
    // the database holds the canonical form the code computed, and the email as typed
    expect(await userRow(t.db, created.body.id)).toEqual(
      expect.objectContaining({ email: first(x), email_canonical: canonicalEmail(first(x)) }),
    );
  });

  it('keeps the İ of kİki apart from the i of kiki: JavaScript maps İ to i + U+0307, never to i', async () => {
    const x = tag();
    expect((await register(`kiki-${x}@example.com`)).status).toBe(201);
    // PostgreSQL's lower() turned each of these into kiki under some collations: one account, many budgets
    for (const spelling of [`k\u0130ki-${x}@example.com`, `kik\u0130-${x}@example.com`, `k\u0130k\u0130-${x}@example.com`]) {
      expect((await login(spelling)).body.code).toBe('invalid_credentials');
    }
  });

  it.each([
    ['a zero-width space', 'ad\u200bmin'],
    ['a soft hyphen', 'ad\u00admin'],
    ['a right-to-left override', 'ad\u202emin'],
    ['a zero-width joiner', 'ad\u200dmin'],
    ['a variation selector', 'ad\ufe0fmin'],
  ])('refuses an email holding %s with 400 validation_failed, on register and login', async (_, local) => {
    const email = `${local}-${tag()}@example.com`;
    for (const answer of [await register(email), await login(email)]) {
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.details).toEqual([{ field: 'email', message: expect.stringContaining('invisible') }]);
    }
    expect(await usersWithEmail(t.db, email)).toBe(0);
  });

  it('refuses an email whose canonical form is not an email (a fullwidth ＠ becomes a second @)', async () => {
    const answer = await register(`a\uff20b-${tag()}@example.com`);
    expect([answer.status, answer.body.code]).toEqual([400, 'validation_failed']);
  });

  it('lets an admin search in any spelling', async () => {
    const x = tag();
    const created = await register(`jos\u00e9-${x}@example.com`);
    const admin = await loginAs(t.url, await newAdmin(t));
    for (const query of [`jose\u0301-${x}`, `JOS\u00c9-${x}`, `\uff4a\uff4f\uff53\u00e9-${x}`]) {
      const found = await http(t.url, 'GET', `/admin/users?query=${encodeURIComponent(query)}`, { token: admin.accessToken });
      expect(found.body.items.map((u: { id: string }) => u.id)).toEqual([created.body.id]);
    }
  });

  describe('the migration backfill', () => {
    it('computes the canonical form in JavaScript, and leaves later look-alikes without one instead of failing', async () => {
      const x = tag();
      const emails = [
        `K\u0130Kİ-${x}@example.com`,
        `jos\u00e9-${x}@example.com`,
        `jose\u0301-${x}@example.com`,
        `\ufb01nn-${x}@example.com`,
      ];
      const ids: string[] = [];
      for (const [i, email] of emails.entries()) {
        ids.push(await insertUser(t.db, email, 100 - i));
      }
      const left = await backfillCanonicalEmails(async (sql, parameters) => (await t.db.query(sql, parameters)).rows);
      expect(left).toEqual([ids[2]]);
      const { rows } = await t.db.query('SELECT id, email_canonical FROM users WHERE id = ANY($1)', [ids]);
      expect(Object.fromEntries(rows.map((r) => [r.id, r.email_canonical]))).toEqual({
        [ids[0]]: `ki\u0307ki\u0307-${x}@example.com`,
        [ids[1]]: `jos\u00e9-${x}@example.com`,
        [ids[2]]: null,
        [ids[3]]: `finn-${x}@example.com`,
      });
    });
  });
});
