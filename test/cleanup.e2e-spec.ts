import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLEANUP_LOCK, CleanupService } from '../src/cleanup/cleanup.service.js';
import { SessionsService } from '../src/sessions/sessions.service.js';
import {
  auditCount,
  expireFamily,
  expireGenerationsOf,
  familyRowCounts,
  generationsOf,
  isRevoked,
  lapseRevocation,
  userExists,
} from './support/db-state.js';
import { generationOf, loginAs, newUser, refresh, type Session } from './support/factories.js';
import { enrolTotp, firstStep, nextStepCode, verifyMfa } from './support/mfa.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const client = { ip: '127.0.0.1', userAgent: 'cleanup-test' };

describe('cleanup job', () => {
  describe('what one run deletes', () => {
    let t: TestApp;
    beforeAll(async () => {
      // REFRESH_RETRY_UNUSED=off: grace tokens are then cleared after the grace (with on they
      // stay until their generation is rotated; see grace.e2e-spec.ts)
      t = await startTestApp({
        REUSE_DETECTION_WINDOW: '3600',
        REFRESH_REUSE_GRACE: '10',
        AUDIT_RETENTION: '86400',
        REFRESH_RETRY_UNUSED: 'off',
      });
    });
    afterAll(() => t.close());

    it('prunes what it should and nothing else', async () => {
      const user = await newUser(t.url);

      // A live family refreshed three times; its first two generations were rotated two hours
      // ago (outside REUSE_DETECTION_WINDOW), the third thirty minutes ago (inside it).
      const live = await loginAs(t.url, user, { deviceId: 'live-0001' });
      const tokens = [live.refreshToken];
      for (let i = 0; i < 3; i++) tokens.push((await refresh(t.url, tokens[i])).body.refreshToken);
      const [g1, g2, g3, g4] = tokens.map(generationOf);
      await t.db.query(`UPDATE refresh_tokens SET rotated_at = now() - interval '2 hours' WHERE id = ANY($1)`, [[g1, g2]]);
      await t.db.query(
        `UPDATE refresh_tokens SET rotated_at = now() - interval '30 minutes', created_at = now() - interval '2 hours' WHERE id = $1`,
        [g3],
      );

      // Families past their absolute expiry, idle for two minutes, and idle for ten seconds.
      const absolute = await loginAs(t.url, user);
      await expireFamily(t.db, absolute.sessionId);
      const idle = await loginAs(t.url, user);
      await refresh(t.url, idle.refreshToken);
      await expireGenerationsOf(t.db, idle.sessionId, 120);
      const justIdle = await loginAs(t.url, user);
      await expireGenerationsOf(t.db, justIdle.sessionId, 10);

      // A grace token past the grace, and one inside it.
      const graceOld = (await refresh(t.url, (await loginAs(t.url, user)).refreshToken)).body;
      await t.db.query(`UPDATE refresh_tokens SET created_at = now() - interval '11 seconds' WHERE id = $1`, [
        generationOf(graceOld.refreshToken),
      ]);
      const graceNew = (await refresh(t.url, (await loginAs(t.url, user)).refreshToken)).body;

      // Revocations past and inside their valid_until; audit rows past and inside AUDIT_RETENTION.
      const ended = await loginAs(t.url, user);
      await http(t.url, 'POST', '/auth/logout', { token: ended.accessToken });
      const endedLater = await loginAs(t.url, user);
      await http(t.url, 'POST', '/auth/logout', { token: endedLater.accessToken });
      await lapseRevocation(t.db, ended.sessionId);
      await t.db.query(`UPDATE audit_events SET at = now() - interval '2 days' WHERE session_id = $1 AND type = 'login_succeeded'`, [
        ended.sessionId,
      ]);

      // Rate-limit windows that ended, and one still running.
      await t.db.query(
        `INSERT INTO rate_limit_buckets (key, hits, window_ends_at) VALUES ('test:lapsed', 3, now() - interval '1 second'), ('test:running', 3, now() + interval '1 minute')`,
      );
      // Remembered DPoP proofs: one stale for longer than the margin, one only just expired.
      await t.db.query(
        `INSERT INTO dpop_proofs (jkt, jti, expires_at) VALUES ('k', 'old', now() - interval '2 minutes'), ('k', 'recent', now() - interval '10 seconds')`,
      );

      const auditBefore = await auditCount(t.db);
      const report = await t.app.get(CleanupService).runOnce();

      expect(report).toEqual({
        ran: true,
        expiredFamilies: 2,
        prunedGenerations: 2,
        clearedGraceTokens: 1,
        lapsedRevocations: 1,
        lapsedOutdatedTokens: 0,
        auditEvents: 1,
        lapsedRateLimits: 1,
        staleDpopProofs: 1,
        expiredMfaTokens: 0,
        expiredWebauthnChallenges: 0,
      });
      expect((await t.db.query(`SELECT key FROM rate_limit_buckets WHERE key LIKE 'test:%'`)).rows).toEqual([{ key: 'test:running' }]);
      expect((await t.db.query('SELECT jti FROM dpop_proofs')).rows).toEqual([{ jti: 'recent' }]);
      expect((await generationsOf(t.db, live.sessionId)).map(({ id, parent_id }) => ({ id, parent_id }))).toEqual([
        { id: g3, parent_id: null },
        { id: g4, parent_id: g3 },
      ]);
      expect(await familyRowCounts(t.db, absolute.sessionId)).toEqual({ families: 0, generations: 0 });
      expect(await familyRowCounts(t.db, idle.sessionId)).toEqual({ families: 0, generations: 0 });
      expect(await familyRowCounts(t.db, justIdle.sessionId)).toEqual({ families: 1, generations: 1 });
      const grace = await t.db.query('SELECT id, grace_token IS NOT NULL AS kept FROM refresh_tokens WHERE id = ANY($1) ORDER BY id', [
        [generationOf(graceOld.refreshToken), generationOf(graceNew.refreshToken)],
      ]);
      expect(Object.fromEntries(grace.rows.map((r) => [r.id, r.kept]))).toEqual({
        [generationOf(graceOld.refreshToken)]: false,
        [generationOf(graceNew.refreshToken)]: true,
      });
      expect([await isRevoked(t.db, ended.sessionId), await isRevoked(t.db, endedLater.sessionId)]).toEqual([false, true]);
      expect(await auditCount(t.db)).toBe(auditBefore - 1);
      // audit rows outlive the families they mention
      expect(await auditCount(t.db, { sessionId: absolute.sessionId })).toBe(1);
      expect(await userExists(t.db, user.id)).toBe(true);

      // A pruned token is simply unknown; the family lives on and its newest token refreshes.
      const pruned = await refresh(t.url, tokens[0]);
      expect([pruned.status, pruned.body.code]).toEqual([401, 'invalid_refresh_token']);
      expect(await familyRowCounts(t.db, live.sessionId)).toEqual({ families: 1, generations: 2 });
      expect((await refresh(t.url, tokens[3])).status).toBe(200);
      // A generation kept inside the window still catches reuse.
      const reused = await refresh(t.url, tokens[2]);
      expect([reused.status, reused.body.code]).toEqual([401, 'refresh_token_reused']);

      // A second run finds nothing left to do.
      expect(await t.app.get(CleanupService).runOnce()).toEqual({
        ran: true,
        expiredFamilies: 0,
        prunedGenerations: 0,
        clearedGraceTokens: 0,
        lapsedRevocations: 0,
        lapsedOutdatedTokens: 0,
        auditEvents: 0,
        lapsedRateLimits: 0,
        staleDpopProofs: 0,
        expiredMfaTokens: 0,
        expiredWebauthnChallenges: 0,
      });
    });

    it('deletes expired mfa tokens and WebAuthn challenges, and keeps live ones usable', async () => {
      const user = await newUser(t.url);
      const { secret } = await enrolTotp(t.url, await loginAs(t.url, user));
      const stale = await firstStep(t.url, user);
      const live = await firstStep(t.url, user);
      const staleChallenge = (await http(t.url, 'POST', '/auth/passkeys/login/options')).body.challengeId;
      const liveChallenge = (await http(t.url, 'POST', '/auth/passkeys/login/options')).body.challengeId;
      await t.db.query(`UPDATE mfa_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = sha256($1::bytea)`, [
        Buffer.from(stale.mfaToken),
      ]);
      await t.db.query(`UPDATE webauthn_challenges SET expires_at = now() - interval '1 second' WHERE id = $1`, [staleChallenge]);
      const rows = async () =>
        (
          await t.db.query(
            `SELECT (SELECT count(*)::int FROM mfa_tokens WHERE user_id = $1) AS tokens,
                    (SELECT array_agg(id ORDER BY id) FROM webauthn_challenges WHERE id = ANY($2)) AS challenges`,
            [user.id, [staleChallenge, liveChallenge]],
          )
        ).rows[0];
      expect(await rows()).toEqual({ tokens: 2, challenges: [staleChallenge, liveChallenge].sort() });

      expect(await t.app.get(CleanupService).runOnce()).toMatchObject({ ran: true, expiredMfaTokens: 1, expiredWebauthnChallenges: 1 });
      expect(await rows()).toEqual({ tokens: 1, challenges: [liveChallenge] });
      const gone = await verifyMfa(t.url, { mfaToken: stale.mfaToken, code: nextStepCode(secret) });
      expect([gone.status, gone.body.code]).toEqual([401, 'mfa_token_invalid']);
      expect((await verifyMfa(t.url, { mfaToken: live.mfaToken, code: nextStepCode(secret) })).status).toBe(200);
    });

    it('skips the run while another instance holds the advisory lock', async () => {
      const user = await newUser(t.url);
      const expired = await loginAs(t.url, user);
      await expireFamily(t.db, expired.sessionId);
      await t.db.query('SELECT pg_advisory_lock($1)', [CLEANUP_LOCK]);
      try {
        expect((await t.app.get(CleanupService).runOnce()).ran).toBe(false);
        expect(await familyRowCounts(t.db, expired.sessionId)).toEqual({ families: 1, generations: 1 });
      } finally {
        await t.db.query('SELECT pg_advisory_unlock($1)', [CLEANUP_LOCK]);
      }
      expect(await t.app.get(CleanupService).runOnce()).toMatchObject({ ran: true, expiredFamilies: 1 });
      expect(await familyRowCounts(t.db, expired.sessionId)).toEqual({ families: 0, generations: 0 });
    });
  });

  describe('a long refresh chain', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ REUSE_DETECTION_WINDOW: '0', REFRESH_REUSE_GRACE: '0', RATE_LIMITS: 'off' });
    });
    afterAll(() => t.close());

    /** Refreshes `times` times in a row (through the service: 1,000 HTTP round trips add nothing here). */
    async function chain(
      session: Session,
      times: number,
      every?: { n: number; run: () => Promise<unknown> },
    ): Promise<{ token: string; maxRows: number }> {
      const sessions = t.app.get(SessionsService);
      let token = session.refreshToken;
      let maxRows = 1;
      for (let i = 1; i <= times; i++) {
        token = (await sessions.refresh(token, undefined, client)).refreshToken;
        if (every && i % every.n === 0) {
          maxRows = Math.max(maxRows, (await familyRowCounts(t.db, session.sessionId)).generations);
          await every.run();
        }
      }
      return { token, maxRows };
    }

    it('keeps a bounded number of rows for a family refreshed 1,000 times, which still refreshes', async () => {
      const user = await newUser(t.url);
      const cleanup = t.app.get(CleanupService);

      // Without the job: one row per refresh plus the login's.
      const unpruned = await loginAs(t.url, user);
      await chain(unpruned, 1000);
      expect((await familyRowCounts(t.db, unpruned.sessionId)).generations).toBe(1001);
      // the admin view of such a family shows its newest 200 generations and the true count
      const detail = await t.app.get(SessionsService).findSessionDetail(unpruned.sessionId);
      expect(detail.generationCount).toBe(1001);
      expect(detail.generations).toHaveLength(200);
      expect(detail.generations.slice(1).every((g, i) => g.parentId === detail.generations[i].id)).toBe(true);
      expect(detail.generations[199].rotatedAt).toBeNull();

      // With it (every 100 refreshes, REUSE_DETECTION_WINDOW=0): never more than what 100
      // refreshes add, and the newest generation alone after each run.
      const pruned = await loginAs(t.url, user);
      const { token, maxRows } = await chain(pruned, 1000, { n: 100, run: () => cleanup.runOnce() });
      expect(maxRows).toBe(101);
      expect(await familyRowCounts(t.db, pruned.sessionId)).toEqual({ families: 1, generations: 1 });
      expect(await familyRowCounts(t.db, unpruned.sessionId)).toEqual({ families: 1, generations: 1 });

      const next = await refresh(t.url, token);
      expect(next.status).toBe(200);
      expect(next.body.sessionId).toBe(pruned.sessionId);
      const old = await refresh(t.url, pruned.refreshToken);
      expect([old.status, old.body.code]).toEqual([401, 'invalid_refresh_token']);
      expect((await http(t.url, 'GET', '/auth/me', { token: next.body.accessToken })).status).toBe(200);
    });
  });

  describe('alongside live traffic', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ REUSE_DETECTION_WINDOW: '0', REFRESH_REUSE_GRACE: '0', RATE_LIMITS: 'off' });
    });
    afterAll(() => t.close());

    it('never fails or deadlocks with concurrent refreshes and revocations', async () => {
      const user = await newUser(t.url);
      const sessions = t.app.get(SessionsService);
      const cleanup = t.app.get(CleanupService);
      const logins = await Promise.all(Array.from({ length: 16 }, () => loginAs(t.url, user)));
      let refreshing = true;
      const runs: unknown[] = [];
      const cleaner = (async () => {
        while (refreshing) runs.push(await cleanup.runOnce());
      })();
      const chains = logins.map(async (login, i) => {
        let token = login.refreshToken;
        for (let n = 0; n < 60; n++) token = (await sessions.refresh(token, undefined, client)).refreshToken;
        // half the families end while the job runs: the same lock order, so no deadlock
        if (i % 2 === 0) await sessions.endFamilies({ ids: [login.sessionId] }, { reason: 'user', client });
        return token;
      });
      const tokens = await Promise.all(chains);
      refreshing = false;
      await cleaner;
      expect(runs.length).toBeGreaterThan(1);
      await cleanup.runOnce();
      const remaining = await t.db.query('SELECT family_id, count(*)::int AS n FROM refresh_tokens GROUP BY family_id');
      expect(remaining.rows).toHaveLength(8);
      expect(remaining.rows.every((r) => r.n === 1)).toBe(true);
      for (const [i, token] of tokens.entries()) expect((await refresh(t.url, token)).status).toBe(i % 2 === 0 ? 401 : 200);
    });
  });

  describe('the timer', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CLEANUP_INTERVAL: '1' });
    });
    afterAll(() => t.close());

    it('runs the job every CLEANUP_INTERVAL seconds', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      await expireFamily(t.db, session.sessionId);
      for (let i = 0; i < 40 && (await familyRowCounts(t.db, session.sessionId)).families > 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await familyRowCounts(t.db, session.sessionId)).toEqual({ families: 0, generations: 0 });
    });
  });
});
