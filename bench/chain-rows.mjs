// Rows a session family keeps while one client refreshes it over and over, with and without
// pruning, against the built service (embedded PostgreSQL or DATABASE_URL).
// Usage: npm run build && node bench/chain-rows.mjs [refreshes] [per second]   (PORT: first of two ports, default 3240)
//
// The count comes from GET /admin/sessions/:id (generationCount), as an operator would read it.
import { post, sessions, startService } from './support.mjs';

const refreshes = Number(process.argv[2] ?? 1000);
const perSecond = Number(process.argv[3] ?? 100);
const admin = { email: 'bench-admin@example.com', password: 'bench admin password' };

async function generationCount(url, token, sessionId) {
  const response = await fetch(`${url}/admin/sessions/${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`admin detail: ${response.status}`);
  return (await response.json()).generationCount;
}

async function run(label, port, env) {
  const service = await startService({
    PORT: String(port),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    REFRESH_REUSE_GRACE: '0',
    ...env,
  });
  try {
    const [session] = await sessions(service.url, 1);
    const adminToken = (await post(`${service.url}/auth/login`, admin)).body.accessToken;
    let token = session.refreshToken;
    const samples = [];
    const started = performance.now();
    for (let i = 1; i <= refreshes; i++) {
      const response = await post(`${service.url}/auth/refresh`, { refreshToken: token });
      if (response.status !== 200) throw new Error(`refresh ${i}: ${response.status} ${JSON.stringify(response.body)}`);
      token = response.body.refreshToken;
      if (i % (refreshes / 10) === 0) samples.push(await generationCount(service.url, adminToken, session.sessionId));
      // pace the client: pruning acts on time (REUSE_DETECTION_WINDOW, CLEANUP_INTERVAL), not on counts
      const due = started + (i * 1000) / perSecond;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    }
    console.log(`${label}: rows after every ${refreshes / 10} refreshes: ${samples.join(', ')}; max ${Math.max(...samples)}`);
  } finally {
    await service.stop();
  }
}

console.log(`${refreshes} chained refreshes of one family at ${perSecond}/s`);
const port = Number(process.env.PORT ?? 3240);
await run('no pruning (defaults: REUSE_DETECTION_WINDOW = REFRESH_TOKEN_TTL, 14 days)', port, {});
await run('pruning (REUSE_DETECTION_WINDOW=2, CLEANUP_INTERVAL=1)', port + 1, { REUSE_DETECTION_WINDOW: '2', CLEANUP_INTERVAL: '1' });
