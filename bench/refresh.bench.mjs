// Refresh and login throughput and latency, against the built service on embedded PostgreSQL
// (or DATABASE_URL). Usage: npm run build && node bench/refresh.bench.mjs [seconds]
//
// Each autocannon connection owns a session and chains its refreshes: every response's new
// refresh token is the next request's token, exactly as a client would.
import autocannon from 'autocannon';
import { median, post, sessions, startService } from './support.mjs';

const seconds = Number(process.argv[2] ?? 10);
const connections = 32;
const service = await startService({ REFRESH_REUSE_GRACE: '10' });
try {
  const users = await sessions(service.url, connections);

  // Latency of one request at a time.
  const single = users[0];
  let token = single.refreshToken;
  const refreshTimes = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    const r = await post(`${service.url}/auth/refresh`, { refreshToken: token });
    refreshTimes.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`refresh failed: ${r.status} ${JSON.stringify(r.body)}`);
    token = r.body.refreshToken;
  }
  single.refreshToken = token;
  const loginTimes = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const r = await post(`${service.url}/auth/login`, { email: single.email, password: single.password });
    loginTimes.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
  }
  console.log(`median refresh ${median(refreshTimes).toFixed(2)} ms, median login ${median(loginTimes).toFixed(1)} ms (one at a time)`);

  // The grace path: 20 concurrent refreshes of one token (one rotates, 19 wait for its
  // family lock, then get the same child from one unlocked read each). Time until all 20 answered, median of 20 bursts.
  const bursts = [];
  for (let b = 0; b < 20; b++) {
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(`${service.url}/auth/refresh`, { refreshToken: token })));
    bursts.push(performance.now() - t0);
    if (answers.some((a) => a.status !== 200) || new Set(answers.map((a) => a.body.refreshToken)).size !== 1)
      throw new Error('burst was not idempotent');
    token = answers[0].body.refreshToken;
  }
  single.refreshToken = token;
  console.log(
    `20 concurrent refreshes of one token: all answered in ${median(bursts).toFixed(1)} ms (median of 20 bursts), one new generation each`,
  );

  // Throughput: chained refreshes on `connections` sessions at once. One single-connection
  // autocannon instance per session: autocannon builds a connection's first request on an
  // object shared by all its connections, so one instance with many connections would start
  // every connection with the same token.
  let errors = 0;
  const runs = await Promise.all(
    users.map((session) =>
      autocannon({
        url: service.url,
        connections: 1,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/auth/refresh',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: JSON.stringify({ refreshToken: session.refreshToken }) }),
            onResponse: (status, body) => {
              if (status === 200) session.refreshToken = JSON.parse(body).refreshToken;
              else if (errors++ < 3) console.log(status, body.slice(0, 200));
            },
          },
        ],
      }),
    ),
  );
  const total = runs.reduce((sum, r) => sum + r.requests.total, 0);
  const p50 = median(runs.map((r) => r.latency.p50));
  const p99 = Math.max(...runs.map((r) => r.latency.p99));
  console.log(
    `refresh: ${(total / seconds).toFixed(0)} req/s over ${connections} chained sessions, p50 ${p50} ms, p99 ${p99} ms, errors ${errors}`,
  );
} finally {
  await service.stop();
}
