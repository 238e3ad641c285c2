// Kill-to-refusal: how long a guarded service still accepts the access token of a session that
// was just ended, across the five ways a session ends, with three guarded services listening.
//
//   npm run bench:revocation                  # 100 kills (20 of each kind), 3 guarded services
//   npm run bench:revocation -- --kills 50
//
// Starts PostgreSQL (embedded in a temp dir, or DATABASE_URL), the built auth service, and three
// copies of the example resource service (Express, Fastify, Express) whose guards reach the
// auth service through a counting proxy, so every request a guard makes is counted. For each
// kill: a fresh victim session whose token every guard has already accepted (and cached), then
// the kill, while each guard is asked with the victim's token back to back until it answers 401
// session_revoked. Kill-to-refusal runs from the revocation row's revoked_at (stamped by
// PostgreSQL inside the killing transaction, just before its commit; same machine, same clock)
// to that 401. Also reported: from sending the kill request (which includes the request's own
// work, e.g. two argon2 hashes for a password change), from the kill's answer (negative when the
// guards refused before the killer had its answer) and the kill request's duration. Prints JSON.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, percentile, post, startDatabase, startService } from './support.mjs';

const { values: args } = parseArgs({ options: { kills: { type: 'string', default: '100' } } });
const KILLS = Number(args.kills);
const KINDS = ['logout', 'admin', 'password', 'disable', 'reuse'];
const SECRET = 'bench-revocation-feed-secret';
const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password' };
const PASSWORD = 'victim password 1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

const database = await startDatabase();
const authPort = await freePort();
const authUrl = `http://127.0.0.1:${authPort}`;
const auth = await startService({
  PORT: String(authPort),
  DATABASE_URL: database.url,
  AUTH_ISSUER: authUrl,
  REVOCATION_FEED_SECRET: SECRET,
  REFRESH_REUSE_GRACE: '0',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
});
const proxy = await countingProxy(authPort);
const db = new pg.Client({ connectionString: database.url });
await db.connect();
const guards = [];
try {
  for (const adapter of ['express', 'fastify', 'express']) guards.push(await startExample(adapter, proxy.url, authUrl));
  const admin = (await post(`${authUrl}/auth/login`, ADMIN)).body;
  // every guard has its stream open before the first kill
  await sleep(1000);
  const before = { ...proxy.counts };
  const results = [];
  let probes = 0;
  for (let i = 0; i < KILLS; i++) {
    const kind = KINDS[i % KINDS.length];
    const victim = await prepare(kind);
    for (const guard of guards) {
      const status = (await me(guard, victim.accessToken)).status;
      if (status !== 200) throw new Error(`${guard.adapter} refused a live token: ${status}`);
    }
    await sleep(Math.random() * 50); // not in lockstep with heartbeats or anything else
    const t0 = performance.now();
    let killedAt;
    const killing = kill(kind, victim, admin).then(() => (killedAt = performance.now()));
    const refusals = await Promise.all(
      guards.map(async (guard) => {
        for (;;) {
          const response = await me(guard, victim.accessToken);
          probes++;
          if (response.status === 401) {
            if (response.body.code !== 'session_revoked') throw new Error(`refused with ${response.body.code}`);
            return performance.now();
          }
          if (performance.now() - t0 > 10_000) throw new Error(`${guard.adapter} still accepts a ${kind} kill after 10 s`);
        }
      }),
    );
    await killing;
    const {
      rows: [row],
    } = await db.query('SELECT extract(epoch FROM revoked_at)::float8 * 1000 AS at FROM revoked_sessions WHERE session_id = $1', [
      victim.sessionId,
    ]);
    const revokedAt = row.at - performance.timeOrigin; // on the performance.now() scale
    results.push({
      kind,
      killRequestMs: killedAt - t0,
      refusalMs: refusals.map((at) => at - revokedAt),
      fromRequestMs: refusals.map((at) => at - t0),
      afterResponseMs: refusals.map((at) => at - killedAt),
    });
  }
  const after = proxy.counts;
  const all = results.flatMap((r) => r.refusalMs);
  const summary = (values) => ({ p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(Math.max(...values)) });
  console.log(
    JSON.stringify(
      {
        bench: 'revocation',
        kills: results.length,
        guards: guards.map((g) => g.adapter),
        killToRefusalMs: summary(all),
        byKind: Object.fromEntries(
          KINDS.map((kind) => [kind, summary(results.filter((r) => r.kind === kind).flatMap((r) => r.refusalMs))]),
        ),
        byGuard: Object.fromEntries(guards.map((g, i) => [`${i + 1}-${g.adapter}`, summary(results.map((r) => r.refusalMs[i]))])),
        killRequestMs: summary(results.map((r) => r.killRequestMs)),
        fromKillRequestMs: summary(results.flatMap((r) => r.fromRequestMs)),
        // negative: the guard refused the token before the killer had its answer
        afterKillResponseMs: summary(results.flatMap((r) => r.afterResponseMs)),
        guardedRequestsDuringKills: probes,
        guardToAuthRequestsDuringKills: diff(after, before),
        guardToAuthRequestsTotal: after,
      },
      null,
      2,
    ),
  );
} finally {
  for (const guard of guards) await guard.stop();
  proxy.close();
  await db.end();
  await auth.stop();
  await database.stop();
}

/** A victim session, ready to be ended in the way `kind` ends it. */
async function prepare(kind) {
  const user = { email: `victim-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`, password: PASSWORD };
  if ((await post(`${authUrl}/auth/register`, user)).status !== 201) throw new Error('register failed');
  const session = (await post(`${authUrl}/auth/login`, user)).body;
  const victim = { ...session, user };
  if (kind === 'password') victim.changer = (await post(`${authUrl}/auth/login`, user)).body;
  if (kind === 'disable') victim.userId = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url')).sub;
  if (kind === 'reuse') {
    const rotated = await post(`${authUrl}/auth/refresh`, { refreshToken: session.refreshToken });
    if (rotated.status !== 200) throw new Error('refresh failed');
  }
  return victim;
}

async function kill(kind, victim, admin) {
  const call = (method, path, token, body) =>
    fetch(`${authUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body && JSON.stringify(body),
    });
  let response;
  if (kind === 'logout') response = await call('POST', '/auth/logout', victim.accessToken);
  if (kind === 'admin') response = await call('DELETE', `/admin/sessions/${victim.sessionId}`, admin.accessToken);
  if (kind === 'password')
    response = await call('POST', '/auth/password', victim.changer.accessToken, {
      currentPassword: PASSWORD,
      newPassword: 'victim password 2',
    });
  if (kind === 'disable') response = await call('PATCH', `/admin/users/${victim.userId}`, admin.accessToken, { disabled: true });
  if (kind === 'reuse') {
    response = await post(`${authUrl}/auth/refresh`, { refreshToken: victim.refreshToken });
    if (response.body?.code !== 'refresh_token_reused') throw new Error(`reuse answered ${response.status}`);
    return;
  }
  if (response.status >= 300) throw new Error(`${kind} kill answered ${response.status}`);
  await response.arrayBuffer();
}

function me(guard, token) {
  return new Promise((resolve, reject) => {
    const request = http.get(`${guard.url}/me`, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    request.on('error', reject);
  });
}

/** An HTTP proxy to the auth service that counts requests by method and path; responses stream through. */
async function countingProxy(targetPort) {
  const counts = {};
  const server = http.createServer((request, response) => {
    const key = `${request.method} ${request.url.split('?')[0]}`;
    counts[key] = (counts[key] ?? 0) + 1;
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        response.flushHeaders();
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function startExample(adapter, authUrlForGuard, issuer) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/examples/resource-service/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_URL: authUrlForGuard,
      AUTH_ISSUER: issuer,
      HTTP_ADAPTER: adapter,
      NODE_ENV: 'production',
      REVOCATION_FEED_SECRET: SECRET,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/public`)).ok)
        return {
          adapter,
          url,
          stop: () =>
            new Promise((resolve) => {
              child.once('exit', resolve);
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 3000).unref();
            }),
        };
    } catch {}
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the ${adapter} example service did not start`);
}

function diff(after, before) {
  return Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)])
      .filter(([, v]) => v > 0),
  );
}

function round(x) {
  return Math.round(x * 10) / 10;
}
