import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MetricsService } from '../src/observability/metrics.service.js';
import { CleanupService } from '../src/cleanup/cleanup.service.js';
import { generationOf, loginAs, newUser, refresh } from './support/factories.js';
import { ageFamily } from './support/clock.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';


describe('refresh grace window and device binding', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '2' });
  });
  afterAll(() => t.close());

  const generations = async (familyId: string) =>
    (await t.db.query('SELECT id, parent_id, rotated_at, grace_token FROM refresh_tokens WHERE family_id = $1 ORDER BY created_at', [familyId])).rows;

  it('answers 20 concurrent refreshes of one token with the same new token, and adds one generation', async () => {
    const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-000001' });
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(t.url, session.refreshToken, 'phone-000001')));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const tokens = new Set(results.map((r) => r.body.refreshToken));
    expect(tokens.size).toBe(1);
    // every answer carries its own, freshly signed access token for the same session
    expect(new Set(results.map((r) => r.body.accessToken)).size).toBe(20);
    const rows = await generations(session.sessionId);
    expect(rows).toHaveLength(2);
    expect(rows[1].parent_id).toBe(rows[0].id);
    // the family goes on normally with the shared token
    expect((await refresh(t.url, [...tokens][0], 'phone-000001')).status).toBe(200);
  });

  it('recovers a lost response: a retry with the old token inside the grace gets the same child', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const lost = await refresh(t.url, session.refreshToken);
    const retry = await refresh(t.url, session.refreshToken);
    expect(retry.status).toBe(200);
    expect(retry.body.refreshToken).toBe(lost.body.refreshToken);
    expect(retry.body.refreshExpiresIn).toBeGreaterThan(0);
    expect((await refresh(t.url, retry.body.refreshToken)).status).toBe(200);
  });

  it('deletes the family when the rotated token comes back after the grace window, its child used', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const rotated = await refresh(t.url, session.refreshToken);
    const used = await refresh(t.url, rotated.body.refreshToken);
    await ageFamily(t.db, session.sessionId, 3600);
    const late = await refresh(t.url, session.refreshToken);
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('refresh_token_reused');
    expect(await generations(session.sessionId)).toHaveLength(0);
    expect((await http(t.url, 'GET', '/auth/me', { token: used.body.accessToken })).body.code).toBe('session_revoked');
    const audit = await t.db.query(`SELECT detail FROM audit_events WHERE type = 'refresh_reuse_detected' AND session_id = $1`, [session.sessionId]);
    expect(audit.rows[0].detail).toMatchObject({ judgedReuseBecause: 'outside_grace', generations: 3 });
    expect(audit.rows[0].detail.secondsSinceRotation).toBeGreaterThan(3000);
  });

  describe('after the grace, a child never presented (REFRESH_RETRY_UNUSED=on, the default)', () => {
    it('recovers a response lost beyond the grace (a slow restart): the parent again gets that same child, cleanup or not', async () => {
      const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-000002' });
      const lost = await refresh(t.url, session.refreshToken, 'phone-000002');
      await ageFamily(t.db, session.sessionId, 3600);
      await t.app.get(CleanupService).runOnce();
      const lateRetries = async () => (await t.app.get(MetricsService).registry.getSingleMetric('auth_refresh_total')!.get()).values.find((v) => v.labels.result === 'late_retry')?.value ?? 0;
      const before = await lateRetries();
      const retry = await refresh(t.url, session.refreshToken, 'phone-000002');
      expect(retry.status).toBe(200);
      expect(retry.body.refreshToken).toBe(lost.body.refreshToken);
      expect(await lateRetries()).toBe(before + 1);
      expect(await generations(session.sessionId)).toHaveLength(2);
      // the child goes on; the parent is reuse once the child has been used
      const next = await refresh(t.url, retry.body.refreshToken, 'phone-000002');
      expect(next.status).toBe(200);
      const replay = await refresh(t.url, session.refreshToken, 'phone-000002');
      expect([replay.status, replay.body.code]).toEqual([401, 'refresh_token_reused']);
    });

    // Owner and thief then hold one token: the server cannot tell them apart, so which of them
    // refreshes first does not matter; the second to present it must end the family.
    it('hands a thief replaying an old token the child the owner holds, and catches whichever uses it second', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const owner = await refresh(t.url, session.refreshToken);
      await ageFamily(t.db, session.sessionId, 3600);
      const thief = await refresh(t.url, session.refreshToken);
      expect(thief.body.refreshToken).toBe(owner.body.refreshToken);
      const shared: string = owner.body.refreshToken;
      const winner = await refresh(t.url, shared);
      expect(winner.status).toBe(200);
      // The other refreshes later with the same token, whose child the first has not used yet:
      // were that a late retry too, owner and thief could take turns forever. The token came
      // from a late retry, so it cannot be retried late: reuse, the family ends for both.
      await ageFamily(t.db, session.sessionId, 3600);
      const loser = await refresh(t.url, shared);
      expect([loser.status, loser.body.code]).toEqual([401, 'refresh_token_reused']);
      const audit = await t.db.query(`SELECT detail FROM audit_events WHERE type = 'refresh_reuse_detected' AND session_id = $1`, [session.sessionId]);
      expect(audit.rows[0].detail.judgedReuseBecause).toBe('already_retried_late');
      expect(await generations(session.sessionId)).toHaveLength(0);
      expect((await http(t.url, 'GET', '/auth/me', { token: winner.body.accessToken })).body.code).toBe('session_revoked');
      expect((await refresh(t.url, winner.body.refreshToken)).body.code).toBe('invalid_refresh_token');
    });

    it('is reuse with REFRESH_RETRY_UNUSED=off, as with REFRESH_REUSE_GRACE=0', async () => {
      for (const env of [{ REFRESH_REUSE_GRACE: '2', REFRESH_RETRY_UNUSED: 'off' }, { REFRESH_REUSE_GRACE: '0' }] as Record<string, string>[]) {
        const strict = await startTestApp(env);
        try {
          const session = await loginAs(strict.url, await newUser(strict.url));
          expect((await refresh(strict.url, session.refreshToken)).status).toBe(200);
          await ageFamily(strict.db, session.sessionId, 3600);
          const late = await refresh(strict.url, session.refreshToken);
          expect([late.status, late.body.code]).toEqual([401, 'refresh_token_reused']);
          const audit = await strict.db.query(`SELECT detail FROM audit_events WHERE type = 'refresh_reuse_detected' AND session_id = $1`, [session.sessionId]);
          expect(audit.rows[0].detail.judgedReuseBecause).toBe(env.REFRESH_REUSE_GRACE === '0' ? 'grace_disabled' : 'outside_grace');
        } finally {
          await strict.close();
        }
      }
    });

    it('is reuse once the child has expired', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const child = await refresh(t.url, session.refreshToken);
      await ageFamily(t.db, session.sessionId, 3600);
      await t.db.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [generationOf(child.body.refreshToken)]);
      expect((await refresh(t.url, session.refreshToken)).body.code).toBe('refresh_token_reused');
    });
  });

  it('treats a rotated token as reuse inside the grace once its child was rotated too', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const child = await refresh(t.url, session.refreshToken);
    expect((await refresh(t.url, child.body.refreshToken)).status).toBe(200);
    const replay = await refresh(t.url, session.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('refresh_token_reused');
    const audit = await t.db.query(`SELECT detail FROM audit_events WHERE type = 'refresh_reuse_detected' AND session_id = $1`, [session.sessionId]);
    expect(audit.rows[0].detail).toMatchObject({ judgedReuseBecause: 'child_rotated', generations: 3 });
  });

  it('keeps the sealed child token only while it can be handed out again', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const child = await refresh(t.url, session.refreshToken);
    let rows = await generations(session.sessionId);
    expect(rows[1].grace_token).not.toBeNull();
    expect(rows[1].grace_token.toString('utf8')).not.toContain(child.body.refreshToken.split('.')[2]);
    await refresh(t.url, child.body.refreshToken);
    rows = await generations(session.sessionId);
    expect(rows[1].grace_token).toBeNull();
  });

  it('deletes the family on a refresh from another device, inside the grace too', async () => {
    const user = await newUser(t.url);
    const plain = await loginAs(t.url, user, { deviceId: 'tablet-00001' });
    const mismatch = await refresh(t.url, plain.refreshToken, 'attacker-0001');
    expect(mismatch.status).toBe(401);
    expect(mismatch.body.code).toBe('device_mismatch');
    expect(await generations(plain.sessionId)).toHaveLength(0);

    const graced = await loginAs(t.url, user, { deviceId: 'tablet-00002' });
    expect((await refresh(t.url, graced.refreshToken, 'tablet-00002')).status).toBe(200);
    const other = await refresh(t.url, graced.refreshToken, 'attacker-0002');
    expect(other.body.code).toBe('device_mismatch');
    expect(await generations(graced.sessionId)).toHaveLength(0);
    const audit = await t.db.query(`SELECT type, detail FROM audit_events WHERE session_id = $1 AND type = 'device_mismatch'`, [graced.sessionId]);
    expect(audit.rows).toHaveLength(1);
  });

  it('accepts a refresh without deviceId for a device-bound family (binding is checked when sent)', async () => {
    const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'watch-000001' });
    const response = await refresh(t.url, session.refreshToken);
    expect(response.status).toBe(200);
    expect(response.body.deviceId).toBe('watch-000001');
  });

  it('refuses a malformed deviceId with 400', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    for (const deviceId of ['short', 'has space 123', 'x'.repeat(129)]) {
      const response = await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken, deviceId } });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
  });
});
