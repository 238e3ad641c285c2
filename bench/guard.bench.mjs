// The guard's cost and the kill-to-refusal time, on the example resource service.
//
//   npm run bench:guard                       # Express, 1,000 tokens, 3 rounds of 10 s per route
//   npm run bench:guard -- --adapter fastify --seconds 5 --rounds 1 --tokens 1000
//
// Starts the built auth service (embedded PostgreSQL in a temp dir, or DATABASE_URL) and the
// example service, mints distinct live access tokens (one login each), then runs the same
// autocannon load against /ping/open (no guard) and /ping/guarded (the same handler behind the
// guard), alternating, every request carrying the next of the tokens. Both routes get the same
// requests, header included, so the difference is the guard's work. Alternating rounds and the
// median of their ratios keep a machine busy with other work from tilting the result. Loopback
// only; every run is bounded in time. Then kills sessions through the admin API and measures how long the
// example service keeps accepting their tokens.
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, median, post, startService } from './support.mjs';

const { values: args } = parseArgs({
  options: {
    adapter: { type: 'string', default: 'express' },
    tokens: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    kills: { type: 'string', default: '5' },
    pin: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const tokenCount = Number(args.tokens);
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// On a small machine the load generator and the server fight for the same cores, and the
// result measures the scheduler more than the guard. With taskset, this process (autocannon)
// and the auth service it starts keep CPU 0 and the example service gets CPU 1 to itself.
const pinned = args.pin && availableParallelism() >= 2 && pin(process.pid, '0');
if (pinned) console.log('pinned: autocannon and the auth service on CPU 0, the example service on CPU 1 (--no-pin to turn off)');

const authPort = await freePort();
const authUrl = `http://127.0.0.1:${authPort}`;
console.log('starting the auth service (embedded PostgreSQL takes a few seconds the first time)...');
const auth = await startService({ PORT: String(authPort), AUTH_ISSUER: authUrl, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
let example;
try {
  example = await startExample(args.adapter, authUrl);
  console.log(`auth service ${authUrl}, example service ${example.url} (${args.adapter})`);

  const tokens = await mintTokens(tokenCount);
  console.log(`minted ${tokens.length} distinct access tokens (${new Set(tokens.map(sessionOf)).size} sessions)`);
  // First sight of each token is the slow path (ES256 verification): done once, before measuring.
  for (let i = 0; i < tokens.length; i += 50) {
    await Promise.all(
      tokens.slice(i, i + 50).map(async (token) => {
        const response = await fetch(`${example.url}/ping/guarded`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status !== 200) throw new Error(`warm-up got ${response.status}`);
      }),
    );
  }
  await load('/ping/open', tokens, 2);
  await load('/ping/guarded', tokens, 2);

  const totals = { open: [], guarded: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const route of ['open', 'guarded']) {
      const result = await load(`/ping/${route}`, tokens, seconds);
      totals[route].push(result);
      console.log(`round ${round} /ping/${route}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`);
    }
  }
  const open = mean(totals.open.map((r) => r.rps));
  const guarded = mean(totals.guarded.map((r) => r.rps));
  const ratios = totals.guarded.map((r, i) => r.rps / totals.open[i].rps);

  const kills = [];
  for (let i = 0; i < Number(args.kills); i++) kills.push(await killToRefusal());

  console.log('');
  console.log(`adapter            ${args.adapter}${pinned ? ' (pinned to CPU 1)' : ''}`);
  console.log(`tokens in rotation ${tokens.length}`);
  console.log(`unguarded          ${open.toFixed(0)} req/s`);
  console.log(`guarded            ${guarded.toFixed(0)} req/s`);
  console.log(
    `ratio              ${(guarded / open).toFixed(3)} of the means; per round ${ratios.map((x) => x.toFixed(3)).join(', ')}, median ${median(ratios).toFixed(3)} (target >= 0.85)`,
  );
  console.log(`kill to refusal    median ${median(kills)} ms, max ${Math.max(...kills)} ms over ${kills.length} kills (target < 3000)`);
  console.log(
    JSON.stringify({
      adapter: args.adapter,
      pinned,
      tokens: tokens.length,
      seconds,
      rounds,
      connections,
      unguardedRps: Math.round(open),
      guardedRps: Math.round(guarded),
      ratio: Number((guarded / open).toFixed(3)),
      medianRoundRatio: Number(median(ratios).toFixed(3)),
      killToRefusalMs: kills,
    }),
  );
} finally {
  await example?.stop();
  await auth.stop();
}

/** autocannon against `path` for `duration` s, the requests cycling through every token. */
async function load(path, tokens, duration) {
  const result = await autocannon({
    url: example.url,
    connections,
    duration,
    requests: tokens.map((token) => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } })),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.total / duration, p50: result.latency.p50, p99: result.latency.p99 };
}

/** One user, `count` logins: each login is a session of its own with its own token. */
async function mintTokens(count) {
  const user = { email: `bench-${Date.now()}@example.com`, password: 'benchmark password' };
  const registered = await post(`${authUrl}/auth/register`, user);
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status}`);
  const tokens = [];
  for (let i = 0; i < count; i += 16) {
    const batch = await Promise.all(Array.from({ length: Math.min(16, count - i) }, () => post(`${authUrl}/auth/login`, user)));
    for (const login of batch) {
      if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
      tokens.push(login.body.accessToken);
    }
  }
  return tokens;
}

/** Kills a fresh session through the admin API; ms until the example service refuses its token. */
async function killToRefusal() {
  const admin = await post(`${authUrl}/auth/login`, ADMIN);
  const user = { email: `victim-${Date.now()}-${Math.random()}@example.com`, password: 'victim password' };
  await post(`${authUrl}/auth/register`, user);
  const { body: session } = await post(`${authUrl}/auth/login`, user);
  const me = () => fetch(`${example.url}/me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
  if ((await me()).status !== 200) throw new Error('the victim token does not work to begin with');
  // kill at a random point of the guard's poll cycle, as in real life
  await sleep(Math.random() * 2000);
  const killed = await fetch(`${authUrl}/admin/sessions/${session.sessionId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${admin.body.accessToken}` },
  });
  if (killed.status !== 204) throw new Error(`admin kill answered ${killed.status}`);
  const t0 = performance.now();
  for (;;) {
    const response = await me();
    if (response.status === 401) {
      const body = await response.json();
      if (body.code !== 'session_revoked') throw new Error(`refused with ${body.code}`);
      return Math.round(performance.now() - t0);
    }
    if (performance.now() - t0 > 10_000) throw new Error('the killed session was still accepted after 10 s');
    await sleep(10);
  }
}

async function startExample(adapter, authUrl) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [command, ...argv] = [...(pinned ? ['taskset', '-c', '1'] : []), process.execPath, 'dist/examples/resource-service/main.js'];
  const child = spawn(command, argv, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AUTH_URL: authUrl, HTTP_ADAPTER: adapter, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/public`)).ok) {
        return {
          url,
          stop: () =>
            new Promise((resolve) => {
              child.once('exit', resolve);
              child.kill('SIGTERM');
            }),
        };
      }
    } catch {}
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('the example service did not start');
}

function pin(pid, cpus) {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // no taskset: unpinned, noisier
  }
}

function sessionOf(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid;
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
