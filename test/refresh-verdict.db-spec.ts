import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CryptoService } from '../src/crypto/crypto.service.js';
import { formatRefreshToken, parseRefreshToken, type GenerationKey } from '../src/sessions/refresh-token.format.js';
import { REFRESH_CASES, type RefreshCase } from '../src/sessions/refresh-verdict.cases.js';
import { refreshVerdict } from '../src/sessions/refresh-verdict.js';
import { SessionsRepository } from '../src/sessions/sessions.repository.js';
import { presentedFacts } from '../src/sessions/sessions.service.js';
import { disableUser, expireFamily, expireGeneration } from './support/db-state.js';
import { loginAs, newUser, refresh } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The cases' device names, as device ids the API accepts; their origin names, as origins. */
const DEVICE: Record<string, string> = { d1: 'device-0001', d2: 'device-0002' };
const ORIGIN: Record<string, string> = { o1: 'https://console.test', o2: 'https://app.test' };
const client = { ip: '127.0.0.1', userAgent: 'refresh-verdict.db-spec' };

/**
 * The refresh rule's table, built case by case in PostgreSQL: the fresh read the service
 * decides from must give the table's verdict, and the rotation statement must rotate exactly
 * when the verdict is `rotate`. If the SQL and `refreshVerdict` ever disagree, a row fails here.
 */
describe('the refresh rule against the rotation statement', () => {
  const apps = new Map<string, TestApp>();
  const settingsOf = (c: RefreshCase) => ({ graceSeconds: c.graceSeconds, retryUnused: c.retryUnused ?? false });
  const appKey = (c: RefreshCase) => `${c.graceSeconds}/${c.retryUnused ?? false}`;

  beforeAll(async () => {
    for (const c of REFRESH_CASES) {
      if (!apps.has(appKey(c))) {
        apps.set(
          appKey(c),
          await startTestApp({ REFRESH_REUSE_GRACE: String(c.graceSeconds), REFRESH_RETRY_UNUSED: c.retryUnused ? 'on' : 'off' }),
        );
      }
    }
  });
  afterAll(async () => {
    for (const t of apps.values()) await t.close();
  });

  /** Builds the case's state; returns the generation to present and the token to present. */
  async function arrange(t: TestApp, c: RefreshCase): Promise<{ key: GenerationKey; token: string }> {
    const crypto = t.app.get(CryptoService);
    if (!c.state) {
      const key = { familyId: crypto.uuid(), id: crypto.uuid() };
      return { key, token: formatRefreshToken(key, crypto.randomToken()) };
    }
    const state = c.state;
    const user = await newUser(t.url);
    const session = await loginAs(t.url, user, { deviceId: DEVICE[state.familyDeviceId] });
    let token = session.refreshToken;
    const key = parseRefreshToken(token)!;
    const { id } = key;
    if (state.secondsSinceRotation !== null) {
      const child = await refresh(t.url, token);
      expect(child.status).toBe(200);
      if (state.child?.rotated) expect((await refresh(t.url, child.body.refreshToken)).status).toBe(200);
      await t.db.query(`UPDATE refresh_tokens SET rotated_at = now() - make_interval(secs => $2) WHERE id = $1`, [
        id,
        state.secondsSinceRotation,
      ]);
      if (!state.child) await t.db.query('DELETE FROM refresh_tokens WHERE parent_id = $1', [id]);
      else if (!state.child.hasGraceToken) await t.db.query('UPDATE refresh_tokens SET grace_token = NULL WHERE parent_id = $1', [id]);
      if (state.child?.expired)
        await t.db.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE parent_id = $1`, [id]);
      if (state.retriedLate) await t.db.query('UPDATE refresh_tokens SET retried_late_at = now() WHERE id = $1', [id]);
    }
    // bound after the refreshes above, which carry no proof
    if (state.familyJkt) await t.db.query('UPDATE session_families SET jkt = $2 WHERE id = $1', [session.sessionId, state.familyJkt]);
    if (state.familyOrigin)
      await t.db.query('UPDATE session_families SET origin = $2 WHERE id = $1', [session.sessionId, ORIGIN[state.familyOrigin]]);
    if (state.disabled) await disableUser(t.db, user.id);
    if (state.idleExpired) await expireGeneration(t.db, id);
    if (state.familyExpired) await expireFamily(t.db, session.sessionId);
    if (!state.hashMatches) token = formatRefreshToken(key, crypto.randomToken());
    return { key, token };
  }

  it.each(REFRESH_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const t = apps.get(appKey(c))!;
    const crypto = t.app.get(CryptoService);
    const repository = t.app.get(SessionsRepository);
    const presented = await arrange(t, c);
    const hash = crypto.hashToken(presented.token);
    const deviceId = c.request.deviceId === undefined ? undefined : DEVICE[c.request.deviceId];
    const origin = c.request.origin === undefined ? undefined : ORIGIN[c.request.origin];

    const g = await repository.findPresented(presented.key);
    const facts = g && presentedFacts(g, crypto.constantEquals(hash, g.tokenHash));
    expect(refreshVerdict(facts, { deviceId, proofJkt: c.request.proofJkt, origin }, settingsOf(c))).toEqual(c.expected);

    const childId = crypto.uuid();
    const row = await repository.rotateGeneration(
      presented.key,
      hash,
      deviceId ?? null,
      {
        id: childId,
        tokenHash: crypto.hashToken(formatRefreshToken({ familyId: presented.key.familyId, id: childId }, crypto.randomToken())),
        graceToken: null,
        idleTtl: 60,
      },
      client,
      c.request.proofJkt ?? null,
      origin ?? null,
    );
    expect(row?.childId === childId).toBe(c.expected.kind === 'rotate');
  });
});
