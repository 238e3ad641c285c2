import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { freePort, runScript, startProcess, type RunningProcess } from './guard-processes.js';
import { connect, freshDatabase } from './support/database.js';
import { expireFamily, familyExists, familyRowCounts } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session } from './support/factories.js';
import { http } from './support/test-app.js';

const MASTER_KEY = 'c'.repeat(64);
const ISSUER = 'http://auth.instances.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The value of one series in a Prometheus exposition (0 when absent). */
async function metric(base: string, series: string): Promise<number> {
  const text = await fetch(`${base}/metrics`).then((r) => r.text());
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/**
 * Two service processes on one PostgreSQL, as behind a load balancer (docs/scale-out.md "Running several
 * instances"): same MASTER_KEY, AUTH_ISSUER and database; own port and data directory.
 */
describe('two instances on one database', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: pg.Client;
  let a: RunningProcess;
  let b: RunningProcess;
  let A: string;
  let B: string;

  beforeAll(async () => {
    database = await freshDatabase();
    db = await connect(database.url);
    const start = async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = {
        DATABASE_URL: database.url,
        MASTER_KEY,
        AUTH_ISSUER: ISSUER,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'auth-instance-')),
        CLEANUP_INTERVAL: '1',
        KEY_ACTIVATION_DELAY: '0',
        LOG_LEVEL: 'info',
      };
      return { url, process: await startProcess('dist/src/main.js', env, `${url}/health/ready`) };
    };
    // one after the other: the first creates the keys, the second finds them
    const first = await start();
    const second = await start();
    [a, A, b, B] = [first.process, first.url, second.process, second.url];
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.end();
    await database?.drop();
  });

  it('serve the same keys, so a token issued by one is accepted by the other', async () => {
    const [jwksA, jwksB] = await Promise.all([http(A, 'GET', '/.well-known/jwks.json'), http(B, 'GET', '/.well-known/jwks.json')]);
    expect(jwksB.body).toEqual(jwksA.body);
    const session = await loginAs(A, await newUser(B));
    expect((await http(B, 'GET', '/auth/me', { token: session.accessToken })).status).toBe(200);
  });

  it('rotate a session made on one on the other, detect its reuse there, and end it everywhere', async () => {
    const user = await newUser(A);
    const login = await loginAs(A, user, { deviceId: 'two-instances-1' });
    const first = await refresh(B, login.refreshToken, 'two-instances-1');
    expect(first.status).toBe(200);
    const second = await refresh(A, first.body.refreshToken, 'two-instances-1');
    expect(second.status).toBe(200);
    // the first token, rotated twice over on the other instance, comes back: reuse
    const replay = await refresh(B, login.refreshToken, 'two-instances-1');
    expect(replay.body).toMatchObject({ statusCode: 401, code: 'refresh_token_reused' });
    for (const base of [A, B]) {
      expect((await refresh(base, second.body.refreshToken, 'two-instances-1')).status).toBe(401);
      expect((await http(base, 'GET', '/auth/me', { token: second.body.accessToken })).body.code).toBe('session_revoked');
    }
    expect(await familyExists(db, login.sessionId)).toBe(false);
    expect(await metric(B, 'auth_refresh_total{result="reused"}')).toBe(1);
  });

  it('end a session logged out on the other instance, and list it in both revocation feeds', async () => {
    const session: Session = await loginAs(B, await newUser(B));
    expect((await http(A, 'POST', '/auth/logout', { token: session.accessToken })).status).toBe(204);
    expect((await http(B, 'GET', '/auth/me', { token: session.accessToken })).body.code).toBe('session_revoked');
    const [feedA, feedB] = await Promise.all([http(A, 'GET', '/auth/revocations'), http(B, 'GET', '/auth/revocations')]);
    expect(feedA.body.revoked.map((r: { sid: string }) => r.sid)).toContain(session.sessionId);
    expect(feedB.body.revoked).toEqual(feedA.body.revoked);
  });

  it('pick up a key rotated through the database, and sign with it on both', async () => {
    const out = await runScript('dist/scripts/rotate-keys.js', ['--now'], { DATABASE_URL: database.url, MASTER_KEY });
    const newKid = /new sig key ([A-Za-z0-9_-]+)/.exec(out)?.[1];
    expect(newKid).toBeDefined();
    const user = await newUser(A);
    const kidOf = async (base: string) => decodeProtectedHeader((await loginAs(base, user)).accessToken).kid;
    // each instance re-reads keys every 5 s: poll (bounded) until both sign with the new key
    const deadline = Date.now() + 30_000;
    let kids = [await kidOf(A), await kidOf(B)];
    while (kids.some((kid) => kid !== newKid) && Date.now() < deadline) {
      await sleep(500);
      kids = [await kidOf(A), await kidOf(B)];
    }
    expect(kids).toEqual([newKid, newKid]);
    const [jwksA, jwksB] = await Promise.all([http(A, 'GET', '/.well-known/jwks.json'), http(B, 'GET', '/.well-known/jwks.json')]);
    expect(jwksB.body).toEqual(jwksA.body);
  }, 60_000);

  it('clean up an expired family once, whichever instance runs the cleanup', async () => {
    const session = await loginAs(A, await newUser(A));
    await expireFamily(db, session.sessionId, 3600);
    const deadline = Date.now() + 30_000;
    let left = 1;
    while (left > 0 && Date.now() < deadline) {
      await sleep(250);
      left = (await familyRowCounts(db, session.sessionId)).families;
    }
    expect(left).toBe(0);
    // both ran cleanup every second; the family was counted as ended by exactly one of them
    const ended =
      (await metric(A, 'auth_sessions_ended_total{reason="expired"}')) + (await metric(B, 'auth_sessions_ended_total{reason="expired"}'));
    expect(ended).toBe(1);
  }, 60_000);

  it('write JSON log lines with request ids, and no token, in both processes', async () => {
    for (const process of [a, b]) {
      const lines = process
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      expect(lines.filter((l) => l.msg === 'request completed').length).toBeGreaterThan(3);
      for (const line of lines.filter((l) => l.msg === 'request completed')) expect(line.reqId).toEqual(expect.any(String));
      expect(process.output()).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
    }
  });
});
