import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { CleanupService } from '../src/cleanup/cleanup.service.js';
import { ROTATE_STATEMENT } from '../src/sessions/sessions.repository.js';
import { newAdmin } from './support/admin.js';
import { ageFamily } from './support/clock.js';
import { freshDatabase } from './support/database.js';
import { auditDetails, deleteUser, generationCount } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/**
 * What a refresh and an ending write (issue 25): a refresh locks its family row without
 * rewriting it, and generations go with their family however the family is deleted, now that
 * a statement-level trigger rather than a foreign key takes them.
 */
describe('what refreshes and endings write', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0' });
  });
  afterAll(() => t.close());

  const orphanGenerations = async () =>
    (
      await t.db.query(
        'SELECT count(*)::int AS n FROM refresh_tokens t WHERE NOT EXISTS (SELECT 1 FROM session_families f WHERE f.id = t.family_id)',
      )
    ).rows[0].n;
  const generationCountOf = (sessions: Session[]) =>
    generationCount(
      t.db,
      sessions.map((s) => s.sessionId),
    );

  it('a refresh leaves the family row as it was, and lastUsedAt is still the time of the last refresh', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const version = () =>
      t.db.query('SELECT xmin::text AS xmin, last_used_at FROM session_families WHERE id = $1', [session.sessionId]).then((r) => r.rows[0]);
    const before = await version();
    await ageFamily(t.db, session.sessionId, 60);
    const aged = await version();
    const rotated = await refresh(t.url, session.refreshToken);
    expect(rotated.status).toBe(200);
    // locked FOR UPDATE by the rotation, but not a new row version
    expect((await version()).xmin).toBe(aged.xmin);
    expect(aged.xmin).not.toBe(before.xmin);

    const [view] = (await http(t.url, 'GET', '/auth/sessions', { token: rotated.body.accessToken })).body;
    const {
      rows: [newest],
    } = await t.db.query('SELECT created_at FROM refresh_tokens WHERE family_id = $1 AND rotated_at IS NULL', [session.sessionId]);
    expect(view.lastUsedAt).toBe(newest.created_at.toISOString());
    expect(Date.parse(view.lastUsedAt) - Date.parse(view.createdAt)).toBeGreaterThanOrEqual(59_000);
  });

  it('a refresh writes one token_refreshed event naming the parent and the child', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const rotated = await refresh(t.url, session.refreshToken);
    expect(await auditDetails(t.db, { sessionId: session.sessionId, type: 'token_refreshed' })).toEqual([
      { parent: session.refreshToken.split('.')[1], generation: rotated.body.refreshToken.split('.')[1] },
    ]);
  });

  it('no generation outlives its family, whichever way the family is deleted', async () => {
    const user = await newUser(t.url);
    const admin = await newAdmin(t);
    const adminSession = await loginAs(t.url, admin);
    const chain = async () => {
      const session = await loginAs(t.url, user);
      const next = await refresh(t.url, session.refreshToken);
      await refresh(t.url, next.body.refreshToken);
      return session;
    };

    const logout = await chain();
    await http(t.url, 'POST', '/auth/logout', { token: logout.accessToken });
    const killed = await chain();
    await http(t.url, 'DELETE', `/admin/sessions/${killed.sessionId}`, { token: adminSession.accessToken });
    expect(await generationCountOf([logout, killed])).toBe(0);

    const all = [await chain(), await chain(), await chain()];
    expect(await generationCountOf(all)).toBe(9);
    expect((await http(t.url, 'DELETE', `/admin/users/${user.id}/sessions`, { token: adminSession.accessToken })).status).toBe(204);
    expect(await generationCountOf(all)).toBe(0);

    const expired = await chain();
    await ageFamily(t.db, expired.sessionId, 400 * 86400);
    await t.app.get(CleanupService).runOnce();
    expect(await generationCountOf([expired])).toBe(0);

    // a deletion the service does not make (an operator deleting a user row) is covered too
    const other = await newUser(t.url);
    const cascaded = [await loginAs(t.url, other), await loginAs(t.url, other)];
    await deleteUser(t.db, other.id);
    expect(await generationCountOf(cascaded)).toBe(0);
    expect(await orphanGenerations()).toBe(0);
  });

  it('a token of a deleted family is refused and nothing is inserted for it', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    await http(t.url, 'POST', '/auth/logout', { token: session.accessToken });
    const refused = await refresh(t.url, session.refreshToken);
    expect([refused.status, refused.body.code]).toEqual([401, 'invalid_refresh_token']);
    expect(await generationCountOf([session])).toBe(0);
  });
  it("a refresh's cached plan reads the generation by its primary key even on a database never analyzed", async () => {
    // A new deployment: migrated tables of unknown size. The plan cached for the prepared
    // statement is the generic one; a stats-dependent choice there (a scan of every live
    // generation) made each refresh slower than the last until autovacuum's first ANALYZE.
    const fresh = await freshDatabase();
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    try {
      await client.query("SET plan_cache_mode = 'force_generic_plan'");
      await client.query(`PREPARE rotate AS ${ROTATE_STATEMENT.text}`);
      const { rows } = await client.query(`EXPLAIN EXECUTE rotate(${Array(12).fill('NULL').join(', ')})`);
      const plan = rows.map((r) => r['QUERY PLAN'] as string);
      const scans = plan.filter((line) => / on (refresh_tokens|session_families|users) /.test(line)).map((line) => line.trim());
      expect(scans).toEqual([
        expect.stringMatching(/^-> {2}Index Scan using refresh_tokens_pkey on refresh_tokens t /),
        expect.stringMatching(/^-> {2}Index Scan using session_families_pkey on session_families f /),
        expect.stringMatching(/^-> {2}Index Scan using users_pkey on users u /),
        expect.stringMatching(/^-> {2}Update on refresh_tokens t_1 /),
        expect.stringMatching(/^-> {2}Index Scan using refresh_tokens_pkey on refresh_tokens t_1 /),
        expect.stringMatching(/^-> {2}Insert on refresh_tokens /),
      ]);
    } finally {
      await client.end();
      await fresh.drop();
    }
  });
});
