import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ageFamily } from './support/clock.js';
import { loginAs, newUser, refresh } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';
import { dpopProof, newDpopKey } from './support/dpop.js';
import { ISSUER } from './guard-fixtures.js';

/**
 * docs/scale-out.md distributes session_families by id and refresh_tokens by family_id (users a
 * reference table). That keeps the per-request paths on one shard only while each of their
 * statements names the family. This test records the SQL the service really sends while it
 * rotates, answers a grace retry, detects reuse and a device mismatch, logs out and checks an
 * access token, and fails on any statement that does not filter on the family: a change that
 * would quietly make a hot path cross-shard.
 */

/** A statement on refresh_tokens names the family: `family_id = $n`. */
const FAMILY_OF_GENERATION = /\bfamily_id\s*=\s*\$\d+/;
/** A statement on session_families names it by id: `id = $n`, `f.id = $n` or `id = ANY($n...)`. */
const FAMILY_BY_ID = /(?:^|[\s(.])id\s*=\s*(?:ANY\(\s*)?\$\d+/;

const recorded: string[] = [];
let recording = false;
const originalQuery = pg.Client.prototype.query;

function startRecording(): void {
  recorded.length = 0;
  recording = true;
}

function stopRecording(): string[] {
  recording = false;
  return [...new Set(recorded.map((sql) => sql.replace(/\s+/g, ' ').trim()))];
}

/** Why a statement could reach more than one shard, or undefined when it stays on the family's. */
function crossShard(sql: string): string | undefined {
  if (/\brefresh_tokens\b/.test(sql) && !FAMILY_OF_GENERATION.test(sql)) return 'refresh_tokens without family_id = $n';
  if (/\bsession_families\b/.test(sql) && !FAMILY_BY_ID.test(sql)) return 'session_families without id = $n';
  return undefined;
}

describe('hot-path statements are keyed by the session family (distribution column)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // every statement the app's pool sends, while recording
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as string | { text?: string };
      const text = typeof config === 'string' ? config : config?.text;
      if (recording && text) recorded.push(text);
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
    t = await startTestApp({ REFRESH_RETRY_UNUSED: 'on' });
  });
  afterAll(async () => {
    pg.Client.prototype.query = originalQuery;
    await t.close();
  });

  it("the recorder sees the service's SQL, and the rule tells keyed from unkeyed statements", () => {
    expect(crossShard('SELECT 1 FROM refresh_tokens t WHERE t.id = $1')).toBeDefined();
    expect(crossShard('SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.id = $1')).toBeUndefined();
    expect(crossShard('DELETE FROM session_families WHERE user_id = $2')).toBeDefined();
    expect(crossShard('DELETE FROM session_families WHERE id = ANY($1::uuid[])')).toBeUndefined();
    expect(crossShard('SELECT f.user_id FROM session_families f JOIN users u ON u.id = f.user_id WHERE f.id = $1')).toBeUndefined();
  });

  it("rotate, grace, reuse, device mismatch, logout and the guard's session check", async () => {
    const user = await newUser(t.url);
    const a = await loginAs(t.url, user, { deviceId: 'shard-device-1' });
    const b = await loginAs(t.url, user, { deviceId: 'shard-device-2' });
    const c = await loginAs(t.url, user);

    startRecording();
    const rotated = await refresh(t.url, a.refreshToken, 'shard-device-1');
    expect(rotated.status).toBe(200);
    const rotate = stopRecording();

    startRecording();
    expect((await refresh(t.url, a.refreshToken, 'shard-device-1')).status).toBe(200);
    const grace = stopRecording();

    expect((await refresh(t.url, rotated.body.refreshToken, 'shard-device-1')).status).toBe(200);
    startRecording();
    expect((await refresh(t.url, a.refreshToken, 'shard-device-1')).body.code).toBe('refresh_token_reused');
    const reuse = stopRecording();

    startRecording();
    expect((await refresh(t.url, b.refreshToken, 'another-device')).body.code).toBe('device_mismatch');
    const mismatch = stopRecording();

    // a retry after the grace of a token whose child was never presented (REFRESH_RETRY_UNUSED,
    // honoured in DPoP-bound families only)
    const key = await newDpopKey();
    const proved = async (path: string, body: Record<string, unknown>) =>
      http(t.url, 'POST', path, { body, headers: { dpop: await dpopProof(key, { htu: `${ISSUER}${path}` }) } });
    const d = (await proved('/auth/login', { email: user.email, password: user.password })).body;
    const lost = await proved('/auth/refresh', { refreshToken: d.refreshToken });
    await ageFamily(t.db, d.sessionId, 3600);
    startRecording();
    expect((await proved('/auth/refresh', { refreshToken: d.refreshToken })).body.refreshToken).toBe(lost.body.refreshToken);
    const lateRetry = stopRecording();

    startRecording();
    expect((await http(t.url, 'GET', '/auth/me', { token: c.accessToken })).status).toBe(200);
    const guard = stopRecording();

    startRecording();
    expect((await http(t.url, 'POST', '/auth/logout', { token: c.accessToken })).status).toBe(204);
    const logout = stopRecording();

    const paths = { rotate, grace, reuse, mismatch, lateRetry, guard, logout };
    for (const [path, statements] of Object.entries(paths)) {
      expect({ path, touchesSessions: statements.some((s) => /session_families|refresh_tokens/.test(s)) }).toEqual({
        path,
        touchesSessions: true,
      });
      const unkeyed = statements.map((sql) => ({ sql, why: crossShard(sql) })).filter((s) => s.why);
      expect({ path, unkeyed }).toEqual({ path, unkeyed: [] });
    }
  });

  it('the revocation feed reads only revoked_sessions (a bounded fan-out, polled, never per request)', async () => {
    startRecording();
    expect((await http(t.url, 'GET', '/auth/revocations')).status).toBe(200);
    const feed = stopRecording();
    expect(feed.length).toBeGreaterThan(0);
    for (const sql of feed) {
      expect(sql).toMatch(/\brevoked_sessions\b/);
      expect(sql).not.toMatch(/\b(session_families|refresh_tokens|users)\b/);
    }
  });
});
