import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AdminService } from '../src/admin/admin.service.js';
import { UsersService } from '../src/users/users.service.js';
import { allPages, newAdmin } from './support/admin.js';
import { freshDatabase } from './support/database.js';
import { auditDetails, auditEvents, familyCount, makeAdmin } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session, type TestUser } from './support/factories.js';
import { freePort, startProcess } from './guard-processes.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('admin', () => {
  let t: TestApp;
  let admin: TestUser;
  let adminSession: Session;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0' });
    admin = await newAdmin(t);
    adminSession = await loginAs(t.url, admin);
  });
  afterAll(() => t.close());

  const as = (session: Session) => ({
    get: (p: string) => http(t.url, 'GET', p, { token: session.accessToken }),
    patch: (p: string, body: unknown) => http(t.url, 'PATCH', p, { token: session.accessToken, body }),
    delete: (p: string) => http(t.url, 'DELETE', p, { token: session.accessToken }),
  });
  const adminApi = () => as(adminSession);
  const me = (session: Session) => http(t.url, 'GET', '/auth/me', { token: session.accessToken });

  describe('access', () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/admin/users'],
      ['PATCH', `/admin/users/${UNKNOWN_ID}`, { disabled: true }],
      ['DELETE', `/admin/users/${UNKNOWN_ID}/sessions`],
      ['GET', '/admin/sessions'],
      ['GET', `/admin/sessions/${UNKNOWN_ID}`],
      ['DELETE', `/admin/sessions/${UNKNOWN_ID}`],
      ['GET', '/admin/audit'],
    ];

    it('answers 403 forbidden to a signed-in non-admin on every admin route', async () => {
      const user = await loginAs(t.url, await newUser(t.url));
      for (const [method, route, body] of routes) {
        const response = await http(t.url, method, route, { token: user.accessToken, body });
        expect([route, response.status, response.body.code]).toEqual([route, 403, 'forbidden']);
      }
    });

    it('answers 401 to an anonymous caller on every admin route', async () => {
      for (const [method, route, body] of routes) {
        const response = await http(t.url, method, route, { body });
        expect([route, response.status, response.body.code]).toEqual([route, 401, 'invalid_token']);
      }
    });

    it('lets an admin in', async () => {
      expect((await adminApi().get('/admin/users')).status).toBe(200);
    });
  });

  describe('GET /admin/users', () => {
    it('finds users by an email fragment, case-insensitively, page by page in a stable order', async () => {
      const tag = `Frag${Date.now().toString(36)}`;
      const created: TestUser[] = [];
      for (let i = 0; i < 5; i++) created.push(await newUser(t.url, { email: `u${i}.${tag}@example.com` }));
      await newUser(t.url); // not matched

      const first = await adminApi().get(`/admin/users?query=${tag.toUpperCase()}&limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items[0]).toEqual({
        id: created[0].id,
        email: created[0].email,
        name: 'Test User',
        roles: ['user'],
        createdAt: expect.any(String),
        disabled: false,
        emailVerified: false,
        claims: {},
      });
      expect(first.body.nextCursor).toEqual(expect.any(String));

      const { items, pages } = await allPages(t.url, adminSession.accessToken, `/admin/users?query=${tag.toLowerCase()}&limit=2`);
      expect(pages).toBe(3);
      expect(items.map((u) => u.id)).toEqual(created.map((u) => u.id));
    });

    it('matches % and _ literally', async () => {
      const tag = `pct${Date.now().toString(36)}`;
      const literal = await newUser(t.url, { email: `a%_b.${tag}@example.com` });
      await newUser(t.url, { email: `axxb.${tag}@example.com` });
      const response = await adminApi().get(`/admin/users?query=${encodeURIComponent(`%_b.${tag}`)}`);
      expect(response.body.items.map((u: any) => u.id)).toEqual([literal.id]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('clamps limit to 100 and refuses a bad limit or cursor with 400', async () => {
      await t.db.query(
        `INSERT INTO users (email, password_hash) SELECT 'bulk-' || g || '@example.com', 'unusable' FROM generate_series(1, 101) g`,
      );
      const clamped = await adminApi().get('/admin/users?limit=1000');
      expect(clamped.status).toBe(200);
      expect(clamped.body.items).toHaveLength(100);
      expect(clamped.body.nextCursor).toEqual(expect.any(String));

      const sessionsCursor = (await adminApi().get('/admin/sessions?limit=1')).body.nextCursor;
      expect(sessionsCursor).toEqual(expect.any(String));
      const badCursors = [
        'garbage',
        sessionsCursor, // a cursor of another list
        Buffer.from(JSON.stringify(['users', '2024-02-30T00:00:00.000000Z', UNKNOWN_ID])).toString('base64url'),
        Buffer.from(JSON.stringify(['users', '2024-01-01T00:00:00.000000Z', 'not-a-uuid'])).toString('base64url'),
      ];
      for (const query of [
        'limit=0',
        'limit=-1',
        'limit=abc',
        'limit=1.5',
        'limit=1&limit=2',
        'extra=1',
        ...badCursors.map((c) => `cursor=${c}`),
      ]) {
        const response = await adminApi().get(`/admin/users?${query}`);
        expect([query, response.status, response.body.code]).toEqual([query, 400, 'validation_failed']);
      }
    });

    it.each([
      ['%00', 400],
      ['a%00b', 400],
      ['%FF', 200],
      ['%E0%A4%A', 200],
      ['%', 200],
    ])('answers an odd query %s with %i, never a 500', async (query, status) => {
      const response = await adminApi().get(`/admin/users?query=${query}`);
      expect(response.status).toBe(status);
    });
  });

  describe('GET /admin/sessions', () => {
    it("pages through one user's live sessions, newest first", async () => {
      const user = await newUser(t.url);
      const sessions: Session[] = [];
      for (let i = 0; i < 5; i++) sessions.push(await loginAs(t.url, user, { deviceId: `device-000${i}`, deviceName: `Device ${i}` }));
      await loginAs(t.url, await newUser(t.url));

      const { items, pages } = await allPages(t.url, adminSession.accessToken, `/admin/sessions?userId=${user.id}&limit=2`);
      expect(pages).toBe(3);
      expect(items.map((s) => s.id)).toEqual(sessions.map((s) => s.sessionId).reverse());
      expect(items[0]).toEqual({
        id: sessions[4].sessionId,
        userId: user.id,
        deviceId: 'device-0004',
        deviceName: 'Device 4',
        userAgent: 'node',
        ip: '127.0.0.1',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        expiresAt: expect.any(String),
      });
    });

    it('lists every user without a filter and refuses a userId that is not a UUID', async () => {
      const a = await loginAs(t.url, await newUser(t.url));
      const b = await loginAs(t.url, await newUser(t.url));
      const { items } = await allPages(t.url, adminSession.accessToken, '/admin/sessions?limit=100');
      expect(items.map((s) => s.id)).toEqual(expect.arrayContaining([a.sessionId, b.sessionId, adminSession.sessionId]));
      expect(new Set(items.map((s) => s.id)).size).toBe(items.length);
      expect((await adminApi().get('/admin/sessions?userId=bob')).body.code).toBe('validation_failed');
    });
  });

  describe('GET /admin/sessions/:id', () => {
    it('shows the lineage of a family refreshed five times: six generations linked by parentId', async () => {
      const user = await newUser(t.url);
      let session = await loginAs(t.url, user, { deviceId: 'lineage-0001' });
      for (let i = 0; i < 5; i++) session = (await refresh(t.url, session.refreshToken)).body;

      const response = await adminApi().get(`/admin/sessions/${session.sessionId}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: session.sessionId, userId: user.id, deviceId: 'lineage-0001', generationCount: 6 });
      const generations = response.body.generations;
      expect(generations).toHaveLength(6);
      expect(generations[0].parentId).toBeNull();
      for (let i = 1; i < 6; i++) expect(generations[i].parentId).toBe(generations[i - 1].id);
      expect(generations.map((g: any) => g.rotatedAt === null)).toEqual([false, false, false, false, false, true]);
      expect(Object.keys(generations[0]).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'parentId', 'rotatedAt']);
      expect(generations[5].id).toBe(session.refreshToken.split('.')[1]);
      expect(response.body.expiresAt).toBe(generations[5].expiresAt);
    });

    it('answers 404 for an unknown family and 400 for an id that is not a UUID', async () => {
      expect((await adminApi().get(`/admin/sessions/${UNKNOWN_ID}`)).body.code).toBe('not_found');
      expect((await adminApi().get('/admin/sessions/xyz')).body.code).toBe('validation_failed');
    });
  });

  describe('ending sessions', () => {
    it("kills another user's family: that user's next refresh and access-token call are refused, their other session lives", async () => {
      const user = await newUser(t.url);
      const victim = await loginAs(t.url, user, { deviceId: 'victim-0001' });
      const other = await loginAs(t.url, user, { deviceId: 'other-0001' });
      const response = await adminApi().delete(`/admin/sessions/${victim.sessionId}`);
      expect(response.status).toBe(204);

      expect((await me(victim)).body.code).toBe('session_revoked');
      const refused = await refresh(t.url, victim.refreshToken);
      expect([refused.status, refused.body.code]).toEqual([401, 'invalid_refresh_token']);
      expect((await me(other)).status).toBe(200);
      expect((await refresh(t.url, other.refreshToken)).status).toBe(200);

      expect(await auditEvents(t.db, { type: 'session_revoked', sessionId: victim.sessionId })).toEqual([
        expect.objectContaining({ user_id: user.id, detail: { reason: 'admin', by: admin.id } }),
      ]);
      expect((await adminApi().delete(`/admin/sessions/${victim.sessionId}`)).status).toBe(404);
    });

    it("kills all of a user's families and nobody else's; 404 for an unknown user", async () => {
      const user = await newUser(t.url);
      const one = await loginAs(t.url, user);
      const two = await loginAs(t.url, user);
      const bystander = await loginAs(t.url, await newUser(t.url));
      expect((await adminApi().delete(`/admin/users/${user.id}/sessions`)).status).toBe(204);
      expect((await me(one)).body.code).toBe('session_revoked');
      expect((await me(two)).body.code).toBe('session_revoked');
      expect((await me(bystander)).status).toBe(200);
      expect(await familyCount(t.db, user.id)).toBe(0);
      expect((await adminApi().delete(`/admin/users/${UNKNOWN_ID}/sessions`)).body.code).toBe('not_found');
    });
  });

  describe('PATCH /admin/users/:id', () => {
    it('disabling ends every family and blocks login and refresh; enabling lets the user back in', async () => {
      const user = await newUser(t.url);
      const one = await loginAs(t.url, user);
      const two = await loginAs(t.url, user);

      const disabled = await adminApi().patch(`/admin/users/${user.id}`, { disabled: true });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toEqual({
        id: user.id,
        email: user.email,
        name: 'Test User',
        roles: ['user'],
        createdAt: expect.any(String),
        disabled: true,
        emailVerified: false,
        claims: {},
      });

      const login = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
      expect([login.status, login.body.code]).toEqual([403, 'account_disabled']);
      expect((await refresh(t.url, one.refreshToken)).status).toBe(401);
      expect((await me(two)).body.code).toBe('session_revoked');
      expect(await familyCount(t.db, user.id)).toBe(0);

      expect(await auditEvents(t.db, { userId: user.id, type: ['user_disabled', 'session_revoked'] })).toEqual([
        expect.objectContaining({
          type: 'session_revoked',
          session_ids: [one.sessionId, two.sessionId].sort(),
          detail: { reason: 'user_disabled', by: admin.id },
        }),
        expect.objectContaining({ type: 'user_disabled', session_ids: null, detail: { disabled: true, by: admin.id, sessionsEnded: 2 } }),
      ]);

      const enabled = await adminApi().patch(`/admin/users/${user.id}`, { disabled: false });
      expect(enabled.body.disabled).toBe(false);
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
      expect(await auditDetails(t.db, { userId: user.id, type: 'user_disabled', detail: { disabled: false } })).toEqual([
        { disabled: false, by: admin.id },
      ]);
    });

    it('changes roles, which apply from the next token on (older ones are token_outdated at once), and records it', async () => {
      const user = await newUser(t.url);
      let session = await loginAs(t.url, user);
      expect((await as(session).get('/admin/users')).status).toBe(403);

      const promoted = await adminApi().patch(`/admin/users/${user.id}`, { roles: ['admin', 'user'] });
      expect(promoted.body.roles).toEqual(['user', 'admin']);
      expect((await as(session).get('/admin/users')).body.code).toBe('token_outdated');
      session = { ...session, ...(await refresh(t.url, session.refreshToken)).body };
      expect((await as(session).get('/admin/users')).status).toBe(200);

      const demoted = await adminApi().patch(`/admin/users/${user.id}`, { roles: ['user'] });
      expect(demoted.body.roles).toEqual(['user']);
      expect((await as(session).get('/admin/users')).body.code).toBe('token_outdated');
      session = { ...session, ...(await refresh(t.url, session.refreshToken)).body };
      expect((await as(session).get('/admin/users')).status).toBe(403);

      expect(await auditDetails(t.db, { userId: user.id, type: 'roles_changed' })).toEqual([
        { from: ['user'], to: ['user', 'admin'], by: admin.id },
        { from: ['user', 'admin'], to: ['user'], by: admin.id },
      ]);
    });

    it('refuses to let admins disable themselves or drop their own admin role, with 403', async () => {
      for (const change of [{ disabled: true }, { roles: ['user'] }]) {
        // the id in any letter case names the same account
        for (const id of [admin.id, admin.id.toUpperCase()]) {
          const response = await adminApi().patch(`/admin/users/${id}`, change);
          expect([response.status, response.body.code]).toEqual([403, 'forbidden']);
        }
      }
      expect((await adminApi().patch(`/admin/users/${admin.id}`, { roles: ['admin'] })).status).toBe(200);
      // changing one's own roles outdates one's own token too: refresh before the next call
      adminSession = { ...adminSession, ...(await refresh(t.url, adminSession.refreshToken)).body };
      expect((await adminApi().patch(`/admin/users/${admin.id}`, { roles: ['user', 'admin'], disabled: false })).status).toBe(200);
      adminSession = { ...adminSession, ...(await refresh(t.url, adminSession.refreshToken)).body };
      expect((await me(adminSession)).body.roles).toEqual(['user', 'admin']);
    });

    it('never leaves the service without an admin, even when two admins demote each other at once', async () => {
      const other = await newAdmin(t);
      // Both requests already past the guard (which saw two admins): straight to the service.
      const service = t.app.get(AdminService);
      const client = { ip: '127.0.0.1', userAgent: 'test' };
      const outcomes = await Promise.allSettled([
        service.updateUser(admin.id, other.id, { roles: ['user'] }, client),
        service.updateUser(other.id, admin.id, { roles: ['user'] }, client),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
      expect(refused.reason).toMatchObject({ code: 'forbidden' });
      const admins = await t.db.query(`SELECT id FROM users WHERE 'admin' = ANY(roles) AND NOT disabled AND id = ANY($1)`, [
        [admin.id, other.id],
      ]);
      expect(admins.rowCount).toBe(1);
      // put things back for the other tests
      await makeAdmin(t.db, admin.id);
      // if the admin was the one demoted, their token is outdated: a refresh carries the role again
      adminSession = { ...adminSession, ...(await refresh(t.url, adminSession.refreshToken)).body };
    });

    it.each([
      [{ roles: ['root'] }],
      [{ roles: [] }],
      [{ roles: ['user', 'user'] }],
      [{ roles: 'admin' }],
      [{ disabled: 'yes' }],
      [{ email: 'x@example.com' }],
    ])('answers 400 validation_failed for %j', async (body) => {
      const user = await newUser(t.url);
      const response = await adminApi().patch(`/admin/users/${user.id}`, body);
      expect([response.status, response.body.code]).toEqual([400, 'validation_failed']);
    });

    it('answers 404 for an unknown user and 400 for an id that is not a UUID', async () => {
      expect((await adminApi().patch(`/admin/users/${UNKNOWN_ID}`, { disabled: true })).body.code).toBe('not_found');
      expect((await adminApi().patch('/admin/users/42', { disabled: true })).body.code).toBe('validation_failed');
    });
  });

  describe('ensureAdmin', () => {
    it('creates the admin once and never overwrites an existing password', async () => {
      const users = t.app.get(UsersService);
      const email = `boot-${Date.now()}@example.com`;
      expect(await users.ensureAdmin(email, 'first password 1')).toBe('created');
      expect(await users.ensureAdmin(email.toUpperCase(), 'second password 2')).toBe('exists');
      expect((await http(t.url, 'POST', '/auth/login', { body: { email, password: 'first password 1' } })).status).toBe(200);
      expect((await http(t.url, 'POST', '/auth/login', { body: { email, password: 'second password 2' } })).status).toBe(401);
    });
  });
});

describe('ADMIN_EMAIL and ADMIN_PASSWORD at start', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const dataDirs: string[] = [];
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the built service (dist/src/main.js, as `npm start` does) until /health answers. */
  async function boot(env: Record<string, string>) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'auth-main-'));
    dataDirs.push(dataDir);
    const service = await startProcess(
      'dist/src/main.js',
      {
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        MASTER_KEY: 'b'.repeat(64),
        DATA_DIR: dataDir,
        ...env,
      },
      `${url}/health`,
    );
    return { ...service, url };
  }

  it('creates the admin on the first start and leaves it unchanged on the next', async () => {
    const email = 'root@example.com';
    const first = await boot({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'initial admin pw' });
    try {
      expect(first.output()).toContain(`admin ${email}: created`);
      const session = await loginAs(first.url, { id: '', email, password: 'initial admin pw' });
      expect((await http(first.url, 'GET', '/admin/users', { token: session.accessToken })).status).toBe(200);
    } finally {
      await first.stop();
    }
    const second = await boot({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'another admin pw' });
    try {
      expect(second.output()).toContain(`admin ${email}: already exists, left unchanged`);
      expect((await http(second.url, 'POST', '/auth/login', { body: { email, password: 'another admin pw' } })).status).toBe(401);
      expect((await http(second.url, 'POST', '/auth/login', { body: { email, password: 'initial admin pw' } })).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
