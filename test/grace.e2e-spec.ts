import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAs, newUser, refresh } from './support/factories.js';
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

  it('deletes the family when the rotated token comes back after the grace window', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const rotated = await refresh(t.url, session.refreshToken);
    await ageFamily(t.db, session.sessionId, 2.3);
    const late = await refresh(t.url, session.refreshToken);
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('refresh_token_reused');
    expect(await generations(session.sessionId)).toHaveLength(0);
    expect((await http(t.url, 'GET', '/auth/me', { token: rotated.body.accessToken })).body.code).toBe('session_revoked');
    const audit = await t.db.query(`SELECT detail FROM audit_events WHERE type = 'refresh_reuse_detected' AND session_id = $1`, [session.sessionId]);
    expect(audit.rows[0].detail).toMatchObject({ judgedReuseBecause: 'outside_grace', generations: 2 });
    expect(audit.rows[0].detail.secondsSinceRotation).toBeGreaterThan(2);
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
    expect(rows[1].grace_token.toString('utf8')).not.toContain(child.body.refreshToken.split('.')[1]);
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
