// Before and after on one machine, in one run: this checkout's build against another
// checkout's build (--base, e.g. a worktree of main with its own `npm run build`), each on its
// own database migrated by its own migrations, in the same PostgreSQL cluster, in alternating
// rounds of chained refreshes (wrk, bench/refresh-chain.lua), with the floor (pgbench,
// bench/rotation.pgbench.sql) on each database in the same rounds. A shared machine moves every
// wall-clock figure; what this compares are the exact counts (statements, nested statements
// and WAL bytes per refresh, from pg_stat_statements and the WAL position) and the CPU per
// refresh of the service and of PostgreSQL (/proc), each against the floor of the same round.
//
//   git worktree add --detach ../base main && (cd ../base && npm ci && npm run build)
//   npm run build && node bench/refresh-compare.mjs --base ../base [--seconds 10 --rounds 3]
//
// Prints JSON: per side, the medians over the rounds and the last round's statements.
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
  setUpPgbench,
  startDatabase,
  startService,
  statementStats,
  withDatabase,
} from './support.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    threads: { type: 'string', default: '2' },
    'rate-limits': { type: 'string', default: 'off' },
  },
});
if (!args.base) {
  console.error('--base <checkout with a build> is required');
  process.exit(2);
}
requireTools(['wrk', 'pgbench']);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const base = path.resolve(args.base);

const database = await startDatabase();
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
const postmaster = await postmasterPid(admin);
const stats = await statementStats(admin);
if (!stats) throw new Error('pg_stat_statements is not loaded: run without DATABASE_URL (the embedded cluster loads it)');
const work = mkdtempSync(path.join(tmpdir(), 'auth-bench-compare-'));
const services = [];
try {
  const sides = {};
  for (const [name, checkout] of [
    ['before', base],
    ['after', process.cwd()],
  ]) {
    const { createDatabaseIfMissing, runMigrations } = await import(path.join(checkout, 'dist/src/database/database.js'));
    const url = withDatabase(database.url, `auth_${name}`);
    await createDatabaseIfMissing(withDatabase(database.url, 'postgres'), `auth_${name}`);
    await runMigrations(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await seed(client, { families: 1000, tag: name });
    await setUpPgbench(client, CONNECTIONS);
    await client.end();
    const service = await startService(
      { PORT: String(await freePort()), DATABASE_URL: url, RATE_LIMITS: args['rate-limits'] },
      { cwd: checkout },
    );
    services.push(service);
    sides[name] = { service, url, database: `auth_${name}`, rounds: [], floor: [] };
    console.error(`${name}: ${checkout}, service on ${service.url}`);
  }
  for (const side of Object.values(sides)) {
    await measureRefreshes(side, 2);
    await measureFloor(side, 2);
  }
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const side of Object.values(sides)) {
      side.rounds.push(await measureRefreshes(side, SECONDS));
      side.floor.push(await measureFloor(side, SECONDS));
    }
    console.error(
      `round ${round + 1}: ${Object.entries(sides)
        .map(([name, s]) => `${name} ${s.rounds.at(-1).rps}/s (floor ${s.floor.at(-1).tps} tps)`)
        .join(', ')}`,
    );
  }
  const report = {};
  for (const [name, side] of Object.entries(sides)) {
    const med = (list, key) => median(list.map((r) => r[key]));
    const ratio = (key, floorKey) => round3(median(side.rounds.map((r, i) => r[key] / side.floor[i][floorKey])));
    report[name] = {
      refreshesPerSecond: med(side.rounds, 'rps'),
      serviceCpuUsPerRefresh: med(side.rounds, 'serviceCpuUsPerRefresh'),
      postgresCpuUsPerRefresh: med(side.rounds, 'postgresCpuUsPerRefresh'),
      floor: { tps: med(side.floor, 'tps'), postgresCpuUsPerTx: med(side.floor, 'postgresCpuUsPerTx') },
      ratios: {
        refreshRateToFloorTps: ratio('rps', 'tps'),
        postgresCpuPerRefreshToPerFloorTx: ratio('postgresCpuUsPerRefresh', 'postgresCpuUsPerTx'),
      },
      perRefresh: side.rounds.at(-1).perRefresh,
      perFloorTx: side.floor.at(-1).perTransaction,
      perRound: side.rounds.map(({ perRefresh: _, ...r }, i) => ({
        ...r,
        floorTps: side.floor[i].tps,
        floorCpuUsPerTx: side.floor[i].postgresCpuUsPerTx,
      })),
    };
  }
  console.log(
    JSON.stringify(
      {
        bench: 'refresh-compare',
        base,
        connections: CONNECTIONS,
        seconds: SECONDS,
        rounds: Number(args.rounds),
        rateLimits: args['rate-limits'],
        ...report,
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

/** Chained refreshes on `side`'s service, with the service's and the cluster's CPU per refresh. */
async function measureRefreshes(side, seconds) {
  let end;
  const { ok, rps, p50Ms, non200, socketErrors, measured } = await runChainedWrk({
    url: side.service.url,
    connections: CONNECTIONS,
    threads: args.threads,
    seconds,
    dir: work,
    measure: async () => {
      end = await stats.begin();
      return cpuMeter(side.service.pid, postmaster);
    },
  });
  return {
    rps,
    p50Ms,
    non200: non200 + socketErrors,
    serviceCpuUsPerRefresh: Math.round(measured.processUs / ok),
    postgresCpuUsPerRefresh: Math.round(measured.clusterUs / ok),
    perRefresh: await end(ok, side.database),
  };
}

/** The pgbench floor on `side`'s database, with the cluster's CPU per transaction. */
async function measureFloor(side, seconds) {
  const end = await stats.begin();
  const pg0 = clusterCpuMicros(postmaster);
  const { tps, processed } = runPgbench({ url: side.url, clients: CONNECTIONS, threads: args.threads, seconds });
  const pgCpu = clusterCpuMicros(postmaster) - pg0;
  return { tps: Math.round(tps), postgresCpuUsPerTx: Math.round(pgCpu / processed), perTransaction: await end(processed, side.database) };
}
