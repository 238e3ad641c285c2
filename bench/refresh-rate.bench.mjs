// Chained refresh throughput against the floor of the same machine, and its cost with a big table.
//
//   npm run bench:refresh-rate                # 32 chained sessions, 3 rounds of 10 s
//   npm run bench:refresh-rate -- --seconds 5 --rounds 2 --big 100000
//
// Starts PostgreSQL (embedded in a temp dir, or DATABASE_URL's server) with two databases: one
// with 1 k families (10 k generation rows) and one with --big families (default 100 k: 1 M rows),
// and the built service on each (RATE_LIMITS=off). Then, in alternating rounds:
//   - wrk (C, Debian package `wrk`) with bench/refresh-chain.lua: 32 connections, each chaining
//     the refresh tokens of its own session, against the small and then the big database;
//   - pgbench with bench/rotation.pgbench.sql: the rotation alone (lock the family, mark the
//     parent, insert the child), 32 clients each chaining its own family, on the small
//     database: the floor of a refresh's work in PostgreSQL;
//   - wrk with bench/post-json.lua against bench/parts-floor.server.mjs: a bare Fastify route
//     that hashes, runs one prepared statement through pg, signs an ES256 JWS and answers JSON,
//     the floor of a refresh's Node side (its CPU per request from /proc).
// Reports refreshes/s, p50/p99, the ratio to pgbench, the service's and PostgreSQL's CPU per
// refresh (from /proc) against PostgreSQL's CPU per pgbench transaction and against the parts
// floor's CPU per request, and p50 big / small; with pg_stat_statements (the embedded cluster
// loads it) also statements, nested statements and WAL bytes per refresh and per pgbench
// transaction (postgresPerRefresh, postgresPerPgbenchTx).
// Prints JSON.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seed } from './seed.mjs';
import {
  clusterCpuMicros,
  cpuMeter,
  freePort,
  median,
  postmasterPid,
  requireTools,
  round3,
  runChainedWrk,
  runPgbench,
  runWrk,
  setUpPgbench,
  startDatabase,
  startService,
  statementStats,
  withDatabase,
} from './support.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    threads: { type: 'string', default: '2' },
    big: { type: 'string', default: '100000' },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
requireTools(['wrk', 'pgbench']);

const database = await startDatabase();
const { createDatabaseIfMissing, runMigrations } = await import('../dist/src/database/database.js');
const bigUrl = withDatabase(database.url, 'auth_big');
await createDatabaseIfMissing(withDatabase(database.url, 'postgres'), 'auth_big');
await runMigrations(bigUrl);
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
const postmaster = await postmasterPid(admin);
const stats = await statementStats(admin);
const work = mkdtempSync(path.join(tmpdir(), 'auth-bench-refresh-'));
const services = [];
try {
  const targets = {};
  for (const [name, url, families] of [
    ['small', database.url, 1000],
    ['big', bigUrl, Number(args.big)],
  ]) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const t0 = performance.now();
    await seed(client, { families, tag: name });
    const rows = Number((await client.query('SELECT count(*) FROM refresh_tokens')).rows[0].count);
    await client.end();
    const service = await startService({ PORT: String(await freePort()), DATABASE_URL: url });
    services.push(service);
    targets[name] = { service, rows, database: new URL(url).pathname.slice(1), seedSeconds: Math.round((performance.now() - t0) / 1000) };
    console.error(`${name}: ${rows} generation rows (seeded in ${targets[name].seedSeconds} s), service on ${service.url}`);
  }
  const pgbenchClient = new pg.Client({ connectionString: database.url });
  await pgbenchClient.connect();
  await setUpPgbench(pgbenchClient, CONNECTIONS);
  await pgbenchClient.end();
  const floor = await startPartsFloor(database.url);
  services.push(floor);

  // warm-up, then alternating rounds
  for (const name of ['small', 'big']) await measureRefreshes(targets[name], 2);
  await measurePgbench(2);
  await measurePartsFloor(floor, 2);
  const rounds = { small: [], big: [], pgbench: [], partsFloor: [] };
  for (let round = 0; round < Number(args.rounds); round++) {
    rounds.small.push(await measureRefreshes(targets.small, SECONDS));
    rounds.pgbench.push(await measurePgbench(SECONDS));
    rounds.big.push(await measureRefreshes(targets.big, SECONDS));
    rounds.partsFloor.push(await measurePartsFloor(floor, SECONDS));
    console.error(
      `round ${round + 1}: small ${rounds.small.at(-1).rps}/s p50 ${rounds.small.at(-1).p50Ms} ms, big ${rounds.big.at(-1).rps}/s p50 ${rounds.big.at(-1).p50Ms} ms, pgbench ${rounds.pgbench.at(-1).tps} tps`,
    );
  }
  const med = (list, key) => median(list.map((r) => r[key]));
  const small = summarize(rounds.small);
  const big = summarize(rounds.big);
  const pgbenchTps = med(rounds.pgbench, 'tps');
  const pgbenchCpu = med(rounds.pgbench, 'postgresCpuUsPerTx');
  const partsFloor = {
    rps: med(rounds.partsFloor, 'rps'),
    p50Ms: med(rounds.partsFloor, 'p50Ms'),
    cpuUsPerRequest: med(rounds.partsFloor, 'cpuUsPerRequest'),
  };
  console.log(
    JSON.stringify(
      {
        bench: 'refresh-rate',
        connections: CONNECTIONS,
        seconds: SECONDS,
        rounds: Number(args.rounds),
        rows: { small: targets.small.rows, big: targets.big.rows },
        refresh: small,
        refreshBigTable: big,
        pgbenchRotation: { tps: pgbenchTps, postgresCpuUsPerTx: pgbenchCpu },
        partsFloor,
        // exact counts from pg_stat_statements and the WAL insert position, last round
        postgresPerRefresh: rounds.small.at(-1).perRefresh,
        postgresPerPgbenchTx: rounds.pgbench.at(-1).perTransaction,
        ratios: {
          refreshToPgbench: round3(small.rps / pgbenchTps),
          postgresCpuPerRefreshToPerPgbenchTx: round3(small.postgresCpuUsPerRefresh / pgbenchCpu),
          serviceCpuPerRefreshToPartsFloor: round3(small.serviceCpuUsPerRefresh / partsFloor.cpuUsPerRequest),
          p50BigToSmall: round3(median(rounds.big.map((b, i) => b.p50Ms / rounds.small[i].p50Ms))),
        },
        perRound: rounds,
      },
      null,
      2,
    ),
  );
} finally {
  for (const service of services) await service.stop();
  await admin.end();
  await database.stop();
  rmSync(work, { recursive: true, force: true });
}

function summarize(list) {
  const med = (key) => median(list.map((r) => r[key]));
  return {
    rps: med('rps'),
    p50Ms: med('p50Ms'),
    p99Ms: med('p99Ms'),
    serviceCpuUsPerRefresh: med('serviceCpuUsPerRefresh'),
    postgresCpuUsPerRefresh: med('postgresCpuUsPerRefresh'),
    non200: list.reduce((s, r) => s + r.non200, 0),
  };
}

/** One wrk run of chained refreshes on `target`'s service, with fresh sessions (the chains are consumed). */
async function measureRefreshes(target, seconds) {
  let end;
  const { ok, rps, p50Ms, p99Ms, non200, socketErrors, idleRequests, measured } = await runChainedWrk({
    url: target.service.url,
    connections: CONNECTIONS,
    threads: args.threads,
    seconds,
    dir: work,
    measure: async () => {
      end = await stats?.begin();
      return cpuMeter(target.service.pid, postmaster);
    },
  });
  return {
    rps,
    p50Ms,
    p99Ms,
    non200: non200 + socketErrors,
    idleRequests,
    serviceCpuUsPerRefresh: Math.round(measured.processUs / ok),
    postgresCpuUsPerRefresh: Math.round(measured.clusterUs / ok),
    ...(end && { perRefresh: await end(ok, target.database) }),
  };
}

async function measurePgbench(seconds) {
  const end = await stats?.begin();
  const pg0 = clusterCpuMicros(postmaster);
  const { tps, processed } = runPgbench({ url: database.url, clients: CONNECTIONS, threads: args.threads, seconds });
  const pgCpu = clusterCpuMicros(postmaster) - pg0;
  return {
    tps: Math.round(tps),
    postgresCpuUsPerTx: Math.round(pgCpu / processed),
    ...(end && { perTransaction: await end(processed, new URL(database.url).pathname.slice(1)) }),
  };
}

/** bench/parts-floor.server.mjs on its own port, on the same database. */
async function startPartsFloor(url) {
  const port = await freePort();
  const child = spawn(process.execPath, ['bench/parts-floor.server.mjs'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const target = `http://127.0.0.1:${port}/auth/refresh`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"refreshToken":"x"}' }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok)
      return {
        url: target,
        pid: child.pid,
        stop: () =>
          new Promise((resolve) => {
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the parts floor server did not start');
}

async function measurePartsFloor(floor, seconds) {
  const meter = cpuMeter(floor.pid);
  const result = runWrk({ script: 'bench/post-json.lua', url: floor.url, threads: args.threads, connections: CONNECTIONS, seconds });
  const cpu = meter().processUs;
  const ok = result.requests - result.errors;
  return {
    rps: Math.round(ok / (result.durationUs / 1e6)),
    p50Ms: result.p50Us / 1000,
    cpuUsPerRequest: Math.round(cpu / ok),
    errors: result.errors,
  };
}
