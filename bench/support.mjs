// Shared by the benchmarks: start the built service on a port, register and log in users.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Starts `node dist/src/main.js` (run `npm run build` first) and waits for /health. `nodeArgs`
 * go before the script (`--cpu-prof`, say).
 */
export async function startService(env = {}, { nodeArgs = [] } = {}) {
  const port = env.PORT ?? String(3300 + Math.floor(Math.random() * 500));
  const child = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
    env: {
      ...process.env,
      PORT: port,
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      DATA_DIR: process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'auth-bench-')),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, pid: child.pid, stop: () => stop(child) };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('service did not start');
}

function stop(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

export async function post(url, body, token) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** Registers `count` users and logs each in once; returns their sessions. */
export async function sessions(url, count, batch = 16) {
  const result = [];
  for (let i = 0; i < count; i += batch) {
    const chunk = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, async (_, j) => {
      const email = `bench-${Date.now()}-${i + j}-${Math.random().toString(36).slice(2)}@example.com`;
      const password = 'benchmark password';
      await post(`${url}/auth/register`, { email, password });
      const login = await post(`${url}/auth/login`, { email, password, deviceId: `bench-device-${i + j}` });
      if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
      return { email, password, ...login.body };
    }));
    result.push(...chunk);
  }
  return result;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * A PostgreSQL for a benchmark: DATABASE_URL when set, else a throwaway embedded cluster in a
 * temp dir with a fresh `auth` database, migrated. Returns its url, its port and `stop`.
 */
export async function startDatabase() {
  const { runMigrations, createDatabaseIfMissing } = await import('../dist/src/database/database.js');
  if (process.env.DATABASE_URL) {
    await runMigrations(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, stop: async () => undefined };
  }
  const { startEmbeddedPostgres } = await import('../dist/src/database/embedded-postgres.js');
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(mkdtempSync(path.join(tmpdir(), 'auth-bench-pg-')), 'pg'), persistent: false });
  await createDatabaseIfMissing(cluster.url('postgres'), 'auth');
  const url = cluster.url('auth');
  await runMigrations(url);
  return { url, port: cluster.port, stop: () => cluster.stop() };
}

/** CPU time (user + system) a process has used so far, in microseconds, from /proc/<pid>/stat. */
export function cpuMicros(pid, withReapedChildren = false) {
  const fields = procStat(pid);
  // fields[11], [12]: utime, stime; [13], [14]: cutime, cstime (children waited for); ticks of 1/100 s
  const ticks = Number(fields[11]) + Number(fields[12]) + (withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks * 10_000;
}

function procStat(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU used so far by a PostgreSQL cluster: the postmaster, the backends that exited (reaped by
 * it) and those alive now. `postmasterPid` from its data directory's postmaster.pid.
 */
export function clusterCpuMicros(postmasterPid) {
  let total = cpuMicros(postmasterPid, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(procStat(entry)[1]) === postmasterPid) total += cpuMicros(entry);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** The postmaster's pid, read from the data directory the server reports (needs a superuser, as the embedded one is). */
export async function postmasterPid(client) {
  const { rows: [{ data_directory: dir }] } = await client.query('SHOW data_directory');
  return Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
