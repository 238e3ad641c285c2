// POST /auth/password/forgot: answer time for known and unknown emails, interleaved so both see
// the same load. Usage: npm run build && node bench/forgot.bench.mjs [rounds]
//
// Rate limits are off here (startService), so every known-email request really issues a token
// and queues a mail (written as an .eml under the bench's DATA_DIR) after its 202.
import { median, post, sessions, startService } from './support.mjs';

const rounds = Number(process.argv[2] ?? 200);
const service = await startService();
try {
  const [known] = await sessions(service.url, 1);
  const times = { known: [], unknown: [] };
  for (let i = 0; i < rounds; i++) {
    for (const kind of i % 2 ? ['known', 'unknown'] : ['unknown', 'known']) {
      const email = kind === 'known' ? known.email : `nobody-${i}@example.com`;
      const t0 = performance.now();
      const r = await post(`${service.url}/auth/password/forgot`, { email });
      times[kind].push(performance.now() - t0);
      if (r.status !== 202) throw new Error(`forgot answered ${r.status}`);
    }
  }
  const p90 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)];
  for (const kind of ['known', 'unknown']) {
    console.log(
      `${kind.padEnd(7)} email: median ${median(times[kind]).toFixed(2)} ms, p90 ${p90(times[kind]).toFixed(2)} ms (${rounds} requests)`,
    );
  }
} finally {
  await service.stop();
}
