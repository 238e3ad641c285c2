import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MetricsService } from '../src/observability/metrics.service.js';
import { CleanupService } from '../src/cleanup/cleanup.service.js';
import { auditDetails, auditEvents, expireGeneration, familyExists, generationsOf } from './support/db-state.js';
import { generationOf, loginAs, newUser, refresh, type Session } from './support/factories.js';
import { dpopProof, newDpopKey, type DpopKey } from './support/dpop.js';
import { ISSUER } from './guard-fixtures.js';
import { ageFamily } from './support/clock.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

describe('refresh grace window and device binding', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '2' });
  });
  afterAll(() => t.close());

  it('answers 20 concurrent refreshes of one token with the same new token, and adds one generation', async () => {
    const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-000001' });
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(t.url, session.refreshToken, 'phone-000001')));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const tokens = new Set(results.map((r) => r.body.refreshToken));
    expect(tokens.size).toBe(1);
    // every answer carries its own, freshly signed access token for the same session
    expect(new Set(results.map((r) => r.body.accessToken)).size).toBe(20);
    const rows = await generationsOf(t.db, session.sessionId);
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
    expect(await generationsOf(t.db, session.sessionId)).toHaveLength(0);
    expect((await http(t.url, 'GET', '/auth/me', { token: used.body.accessToken })).body.code).toBe('session_revoked');
    const [audit] = await auditDetails(t.db, { type: 'refresh_reuse_detected', sessionId: session.sessionId });
    expect(audit).toMatchObject({ judgedReuseBecause: 'outside_grace', generations: 3 });
    expect(audit.secondsSinceRotation).toBeGreaterThan(3000);
  });

  describe('after the grace, a child never presented', () => {
    // REFRESH_RETRY_UNUSED=on honours the late retry in DPoP-bound families only (API.md "Refresh
    // semantics: no retry after the grace by default"): the retry must prove the family's key
    let lenient: TestApp;
    let key: DpopKey;
    beforeAll(async () => {
      lenient = await startTestApp({ REFRESH_REUSE_GRACE: '2', REFRESH_RETRY_UNUSED: 'on' });
      key = await newDpopKey();
    });
    afterAll(() => lenient.close());

    const proof = (path: string) => dpopProof(key, { htu: `${ISSUER}${path}` });
    async function boundLogin(app: TestApp, deviceId?: string): Promise<Session> {
      const user = await newUser(app.url);
      const login = await http(app.url, 'POST', '/auth/login', {
        body: { email: user.email, password: user.password, deviceId },
        headers: { dpop: await proof('/auth/login') },
      });
      expect([login.status, login.body.tokenType]).toEqual([200, 'DPoP']);
      return login.body;
    }
    const boundRefresh = async (app: TestApp, refreshToken: string, deviceId?: string) =>
      http(app.url, 'POST', '/auth/refresh', {
        body: deviceId ? { refreshToken, deviceId } : { refreshToken },
        headers: { dpop: await proof('/auth/refresh') },
      });
    const reuseReason = async (app: TestApp, sessionId: string) =>
      (await auditDetails(app.db, { type: 'refresh_reuse_detected', sessionId }))[0]?.judgedReuseBecause;

    it('is reuse by default: a rotated token replayed after the grace ends the family even when its child was never used', async () => {
      expect(t.config.REFRESH_RETRY_UNUSED).toBe('off');
      const session = await loginAs(t.url, await newUser(t.url));
      const child = await refresh(t.url, session.refreshToken);
      await ageFamily(t.db, session.sessionId, 3600);
      const late = await refresh(t.url, session.refreshToken);
      expect([late.status, late.body.code]).toEqual([401, 'refresh_token_reused']);
      expect(await generationsOf(t.db, session.sessionId)).toHaveLength(0);
      expect((await refresh(t.url, child.body.refreshToken)).body.code).toBe('invalid_refresh_token');
      expect(await reuseReason(t, session.sessionId)).toBe('outside_grace');
    });

    it('is reuse for a bearer family even with REFRESH_RETRY_UNUSED=on: a copied bearer token cannot reopen it', async () => {
      const session = await loginAs(lenient.url, await newUser(lenient.url));
      await refresh(lenient.url, session.refreshToken);
      await ageFamily(lenient.db, session.sessionId, 3600);
      const late = await refresh(lenient.url, session.refreshToken);
      expect([late.status, late.body.code]).toEqual([401, 'refresh_token_reused']);
      expect(await reuseReason(lenient, session.sessionId)).toBe('late_retry_needs_key');
      expect(await familyExists(lenient.db, session.sessionId)).toBe(false);
    });

    it("with REFRESH_RETRY_UNUSED=on, recovers a DPoP-bound family's response lost beyond the grace: the parent with a proof of the key gets that same child, cleanup or not", async () => {
      const session = await boundLogin(lenient, 'phone-000002');
      const lost = await boundRefresh(lenient, session.refreshToken, 'phone-000002');
      expect(lost.status).toBe(200);
      await ageFamily(lenient.db, session.sessionId, 3600);
      await lenient.app.get(CleanupService).runOnce();
      const lateRetries = async () =>
        (await lenient.app.get(MetricsService).registry.getSingleMetric('auth_refresh_total')!.get()).values.find(
          (v) => v.labels.result === 'late_retry',
        )?.value ?? 0;
      const before = await lateRetries();
      // without the key's proof nothing is handed out (and nothing ends: refused, as any bound refresh)
      expect((await refresh(lenient.url, session.refreshToken, 'phone-000002')).body.code).toBe('invalid_dpop_proof');
      const retry = await boundRefresh(lenient, session.refreshToken, 'phone-000002');
      expect(retry.status).toBe(200);
      expect(retry.body.refreshToken).toBe(lost.body.refreshToken);
      expect(await lateRetries()).toBe(before + 1);
      expect(await generationsOf(lenient.db, session.sessionId)).toHaveLength(2);
      // the child goes on; the parent is reuse once the child has been used
      expect((await boundRefresh(lenient, retry.body.refreshToken, 'phone-000002')).status).toBe(200);
      const replay = await boundRefresh(lenient, session.refreshToken, 'phone-000002');
      expect([replay.status, replay.body.code]).toEqual([401, 'refresh_token_reused']);
    });

    // Two holders of the key then hold one token: which of them refreshes first does not
    // matter; the second to present it must end the family.
    it('hands a second late retry of the same lineage no child: whichever uses it second is caught', async () => {
      const session = await boundLogin(lenient);
      const owner = await boundRefresh(lenient, session.refreshToken);
      await ageFamily(lenient.db, session.sessionId, 3600);
      const other = await boundRefresh(lenient, session.refreshToken);
      expect(other.body.refreshToken).toBe(owner.body.refreshToken);
      const shared: string = owner.body.refreshToken;
      const winner = await boundRefresh(lenient, shared);
      expect(winner.status).toBe(200);
      // The token came from a late retry, so it cannot be retried late: reuse, the family ends.
      await ageFamily(lenient.db, session.sessionId, 3600);
      const loser = await boundRefresh(lenient, shared);
      expect([loser.status, loser.body.code]).toEqual([401, 'refresh_token_reused']);
      expect(await reuseReason(lenient, session.sessionId)).toBe('already_retried_late');
      expect(await generationsOf(lenient.db, session.sessionId)).toHaveLength(0);
    });

    it('is reuse with REFRESH_REUSE_GRACE=0, REFRESH_RETRY_UNUSED or not', async () => {
      const strict = await startTestApp({ REFRESH_REUSE_GRACE: '0', REFRESH_RETRY_UNUSED: 'on' });
      try {
        const session = await boundLogin(strict);
        expect((await boundRefresh(strict, session.refreshToken)).status).toBe(200);
        await ageFamily(strict.db, session.sessionId, 3600);
        const late = await boundRefresh(strict, session.refreshToken);
        expect([late.status, late.body.code]).toEqual([401, 'refresh_token_reused']);
        expect(await reuseReason(strict, session.sessionId)).toBe('grace_disabled');
      } finally {
        await strict.close();
      }
    });

    it('is reuse once the child has expired', async () => {
      const session = await boundLogin(lenient);
      const child = await boundRefresh(lenient, session.refreshToken);
      await ageFamily(lenient.db, session.sessionId, 3600);
      await expireGeneration(lenient.db, generationOf(child.body.refreshToken));
      expect((await boundRefresh(lenient, session.refreshToken)).body.code).toBe('refresh_token_reused');
    });
  });

  it('treats a rotated token as reuse inside the grace once its child was rotated too', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const child = await refresh(t.url, session.refreshToken);
    expect((await refresh(t.url, child.body.refreshToken)).status).toBe(200);
    const replay = await refresh(t.url, session.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('refresh_token_reused');
    const [audit] = await auditDetails(t.db, { type: 'refresh_reuse_detected', sessionId: session.sessionId });
    expect(audit).toMatchObject({ judgedReuseBecause: 'child_rotated', generations: 3 });
  });

  it('keeps the sealed child token only while it can be handed out again', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const child = await refresh(t.url, session.refreshToken);
    let rows = await generationsOf(t.db, session.sessionId);
    expect(rows[1].grace_token).not.toBeNull();
    expect(rows[1].grace_token?.toString('utf8')).not.toContain(child.body.refreshToken.split('.')[2]);
    await refresh(t.url, child.body.refreshToken);
    rows = await generationsOf(t.db, session.sessionId);
    expect(rows[1].grace_token).toBeNull();
  });

  it('deletes the family on a refresh from another device, inside the grace too', async () => {
    const user = await newUser(t.url);
    const plain = await loginAs(t.url, user, { deviceId: 'tablet-00001' });
    const mismatch = await refresh(t.url, plain.refreshToken, 'attacker-0001');
    expect(mismatch.status).toBe(401);
    expect(mismatch.body.code).toBe('device_mismatch');
    expect(await generationsOf(t.db, plain.sessionId)).toHaveLength(0);

    const graced = await loginAs(t.url, user, { deviceId: 'tablet-00002' });
    expect((await refresh(t.url, graced.refreshToken, 'tablet-00002')).status).toBe(200);
    const other = await refresh(t.url, graced.refreshToken, 'attacker-0002');
    expect(other.body.code).toBe('device_mismatch');
    expect(await generationsOf(t.db, graced.sessionId)).toHaveLength(0);
    expect(await auditEvents(t.db, { sessionId: graced.sessionId, type: 'device_mismatch' })).toHaveLength(1);
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
