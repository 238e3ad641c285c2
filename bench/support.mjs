// Shared by the benchmarks: start the built service on a port, register and log in users, run
// wrk and pgbench.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seed } from './seed.mjs';

/**
 * Starts `node dist/src/main.js` (run `npm run build` first) and waits for /health. `nodeArgs`
 * go before the script (`--cpu-prof`, say); `cwd`: another checkout's build (bench:refresh-compare).
 */
export async function startService(env = {}, { nodeArgs = [], cwd } = {}) {
  const port = env.PORT ?? String(3300 + Math.floor(Math.random() * 500));
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'auth-bench-'));
  const child = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
    cwd,
    env: {
      ...process.env,
      PORT: port,
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok)
        return { url, pid: child.pid, stop: () => stop(child).then(() => dataDir && rmSync(dataDir, { recursive: true, force: true })) };
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
    const chunk = await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, async (_, j) => {
        const email = `bench-${Date.now()}-${i + j}-${Math.random().toString(36).slice(2)}@example.com`;
        const password = 'benchmark password';
        const registered = await post(`${url}/auth/register`, { email, password });
        // RATE_LIMITS=on allows 100 registrations per ip per minute
        if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.body?.code ?? ''}`);
        const login = await post(`${url}/auth/login`, { email, password, deviceId: `bench-device-${i + j}` });
        if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
        return { email, password, ...login.body };
      }),
    );
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
  // pg_stat_statements (nested statements too: trigger and foreign-key queries) for statementStats
  const settings = { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' };
  const parent = mkdtempSync(path.join(tmpdir(), 'auth-bench-pg-'));
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(parent, 'pg'), persistent: false, settings });
  await createDatabaseIfMissing(cluster.url('postgres'), 'auth');
  const url = cluster.url('auth');
  await runMigrations(url);
  return { url, port: cluster.port, stop: () => cluster.stop().then(() => rmSync(parent, { recursive: true, force: true })) };
}

/** CPU time (user + system) a process has used so far, in microseconds, from /proc/<pid>/stat. */
export function cpuMicros(pid, withReapedChildren = false) {
  const fields = procStat(pid);
  // fields[11], [12]: utime, stime; [13], [14]: cutime, cstime (children waited for); ticks of 1/100 s
  const ticks = Number(fields[11]) + Number(fields[12]) + (withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks * 10_000;
}

/**
 * CPU time a process's threads alive now have used so far, in microseconds, to the nanosecond
 * (/proc/<pid>/task/<tid>/schedstat: time on a CPU): for windows too short for cpuMicros'
 * 10 ms ticks. Node's threads (main, libuv pool, V8 platform) live as long as the process.
 */
export function threadsCpuMicros(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // exited meanwhile
    }
  }
  return ns / 1000;
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
  const {
    rows: [{ data_directory: dir }],
  } = await client.query('SHOW data_directory');
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

/**
 * Exact counts of what a piece of work costs PostgreSQL: `begin` before it, then `end(units)`
 * after it gives, per unit (a refresh, a pgbench transaction), the statements the clients sent
 * (top level), the statements run inside them (triggers, foreign-key checks: nested), the WAL
 * bytes and full-page images written by the whole cluster, and each statement's calls per unit
 * and mean execution time (WAL: all the cluster wrote, from the insert position, and what the
 * statements wrote by pg_stat_statements). Needs pg_stat_statements loaded (startDatabase's embedded cluster
 * has it; on DATABASE_URL's server without it, `begin` returns undefined).
 */
export async function statementStats(client) {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
  } catch {
    return undefined;
  }
  // the insert position itself, not pg_stat_wal, which backends report only when they flush their stats
  const lsn = async () => (await client.query('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0].lsn;
  return {
    async begin() {
      await client.query('SELECT pg_stat_statements_reset()');
      const lsn0 = await lsn();
      return async (units, database) => {
        const {
          rows: [{ bytes }],
        } = await client.query('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::float8 AS bytes', [lsn0]);
        const { rows } = await client.query(
          `SELECT s.toplevel, s.calls::float8 AS calls, s.total_exec_time AS ms, s.rows::float8 AS rows,
                  s.wal_records::float8 AS "walRecords", s.wal_fpi::float8 AS fpi, s.wal_bytes::float8 AS "walBytes", left(regexp_replace(s.query, '\\s+', ' ', 'g'), 110) AS query
             FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = $1 AND s.query NOT LIKE '%pg_stat_%' ORDER BY s.calls DESC, s.total_exec_time DESC`,
          [database],
        );
        const per = (x) => Math.round((x / units) * 1000) / 1000;
        const sum = (list, key) => list.reduce((total, r) => total + r[key], 0);
        return {
          statementsPerUnit: per(
            sum(
              rows.filter((r) => r.toplevel),
              'calls',
            ),
          ),
          nestedStatementsPerUnit: per(
            sum(
              rows.filter((r) => !r.toplevel),
              'calls',
            ),
          ),
          execUsPerUnit: Math.round(
            (sum(
              rows.filter((r) => r.toplevel),
              'ms',
            ) *
              1000) /
              units,
          ),
          walBytesPerUnit: Math.round(bytes / units),
          statementWalBytesPerUnit: Math.round(
            sum(
              rows.filter((r) => r.toplevel),
              'walBytes',
            ) / units,
          ),
          walRecordsPerUnit: per(
            sum(
              rows.filter((r) => r.toplevel),
              'walRecords',
            ),
          ),
          fullPageImagesPerUnit: per(
            sum(
              rows.filter((r) => r.toplevel),
              'fpi',
            ),
          ),
          statements: rows
            .filter((r) => r.calls / units >= 0.001)
            .slice(0, 12)
            .map((r) => ({
              callsPerUnit: per(r.calls),
              meanUs: Math.round((r.ms * 1000) / r.calls),
              walBytesPerCall: Math.round(r.walBytes / r.calls),
              nested: !r.toplevel,
              query: r.query,
            })),
        };
      };
    },
  };
}

/** `url` (a PostgreSQL connection string) with its database replaced by `name`. */
export function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function round3(x) {
  return Math.round(x * 1000) / 1000;
}

const debianPackages = { wrk: 'wrk', pgbench: 'postgresql-client' };

/**
 * Exits with status 2 and a line saying which Debian package to install at the first of `tools`
 * (commands: 'wrk', 'pgbench') not on PATH, before a benchmark starts anything.
 */
export function requireTools(tools) {
  for (const tool of tools) {
    if (spawnSync('which', [tool]).status !== 0) {
      console.error(`${tool} is required (Debian: apt-get install ${debianPackages[tool] ?? tool})`);
      process.exit(2);
    }
  }
}

/**
 * Starts counting the CPU (µs, from /proc) of the process `pid` and, given `postmaster` (see
 * postmasterPid), of its PostgreSQL cluster (clusterCpuMicros); returns the function that reads
 * what each used since: `{ processUs, clusterUs }` (clusterUs undefined without `postmaster`).
 */
export function cpuMeter(pid, postmaster) {
  const process0 = cpuMicros(pid);
  const cluster0 = postmaster === undefined ? undefined : clusterCpuMicros(postmaster);
  return () => ({
    processUs: cpuMicros(pid) - process0,
    clusterUs: postmaster === undefined ? undefined : clusterCpuMicros(postmaster) - cluster0,
  });
}

/** The result a wrk script's done() prints on its `WRK_JSON {…}` line (bench/*.lua), parsed from wrk's output. */
export function parseWrkJson(out) {
  const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
  // no result line: wrk stopped before its script's done() (a Lua error, a refused connection)
  if (line === undefined) throw new Error(`wrk printed no WRK_JSON line:\n${out.slice(-1000)}`);
  return JSON.parse(line.slice(9));
}

/**
 * Runs wrk: `threads` threads, `connections` connections for `seconds`, `--timeout` only when
 * `timeout` is given ('10s'), the Lua `script` against `url`, and `scriptArgs` after `--` for
 * the script's init(). Returns the script's WRK_JSON result (parseWrkJson).
 */
export function runWrk({ script, url, threads, connections, seconds, timeout, scriptArgs = [] }) {
  const out = execFileSync(
    'wrk',
    [
      `-t${threads}`,
      `-c${connections}`,
      `-d${seconds}s`,
      ...(timeout ? ['--timeout', timeout] : []),
      '-s',
      script,
      url,
      ...(scriptArgs.length ? ['--', ...scriptArgs] : []),
    ],
    { encoding: 'utf8' },
  );
  return parseWrkJson(out);
}

/**
 * One wrk run of chained refreshes (bench/refresh-chain.lua) against the service at `url`, on
 * fresh sessions: a run uses its chains up. Logs in `connections + threads` users, writes their
 * refresh tokens to `dir`/tokens.txt, then runs wrk (runWrk; `timeout` 10 s unless given).
 * `measure`, when given, is called (and awaited) once the logins are done, right before wrk
 * starts, and returns the function called as soon as wrk exits (cpuMeter's, say): so the logins
 * stay out of what it counts; what that function returns comes back as `measured`. Returns wrk's
 * WRK_JSON fields (non200, socketErrors, idleRequests, …) with `ok` (answered refreshes: the
 * requests but the failed and the idle ones), `rps` (ok per second), `p50Ms`, `p99Ms`, `measured`.
 */
export async function runChainedWrk({ url, connections, threads, seconds, dir, timeout = '10s', measure }) {
  const users = await sessions(url, connections + Number(threads));
  const tokens = path.join(dir, 'tokens.txt');
  writeFileSync(tokens, `${users.map((u) => u.refreshToken).join('\n')}\n`);
  const after = await measure?.();
  const result = runWrk({
    script: 'bench/refresh-chain.lua',
    url,
    threads,
    connections,
    seconds,
    timeout,
    scriptArgs: [tokens, String(threads)],
  });
  const measured = after?.();
  const ok = result.requests - result.non200 - result.idleRequests;
  return {
    ...result,
    ok,
    rps: Math.round(ok / (result.durationUs / 1e6)),
    p50Ms: result.p50Us / 1000,
    p99Ms: result.p99Us / 1000,
    measured,
  };
}

/**
 * Prepares the migrated database `client` is connected to for runPgbench with `clients` clients:
 * the bench_heads table, and `clients` families of one generation (seed, tag 'pgbench') whose
 * newest generations it holds, row n for pgbench's client n to chain from.
 */
export async function setUpPgbench(client, clients) {
  await client.query(
    'CREATE TABLE IF NOT EXISTS bench_heads (n int PRIMARY KEY, family_id uuid NOT NULL, token_id uuid NOT NULL, token_hash bytea NOT NULL)',
  );
  await seed(client, { families: clients, generations: 1, users: clients, tag: 'pgbench' });
  const uuid = (text) =>
    createHash('md5')
      .update(text)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  for (let n = 0; n < clients; n++) {
    const familyId = uuid(`pgbench-family-${n + 1}`);
    await client.query('INSERT INTO bench_heads VALUES ($1, $2, $3, $4)', [
      n,
      familyId,
      uuid(`${familyId}-1`),
      createHash('sha256').update(`${familyId}-1`).digest(),
    ]);
  }
}

/**
 * Runs pgbench with bench/rotation.pgbench.sql (prepared statements) on the database at `url`,
 * set up by setUpPgbench for at least `clients` clients: `clients` clients on `threads` threads
 * for `seconds`. Returns `tps` (as pgbench printed it, unrounded) and `processed` (transactions);
 * throws with pgbench's output when it failed or any transaction did.
 */
export function runPgbench({ url, clients, threads, seconds }) {
  const result = spawnSync(
    'pgbench',
    ['-n', '-M', 'prepared', '-c', String(clients), '-j', String(threads), '-T', String(seconds), '-f', 'bench/rotation.pgbench.sql', url],
    { encoding: 'utf8' },
  );
  const processed = Number(/number of transactions actually processed: (\d+)/.exec(result.stdout)?.[1]);
  const tps = Number(/tps = ([\d.]+)/.exec(result.stdout)?.[1]);
  if (!processed || !tps || /failed: [1-9]/.test(result.stdout)) throw new Error(`pgbench failed:\n${result.stdout}\n${result.stderr}`);
  return { tps, processed };
}
