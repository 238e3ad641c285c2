// What the statements cost with a big table: EXPLAIN (ANALYZE, BUFFERS) of every statement of
// the refresh path, of ending families and of cleanup, at 1 M generation rows (100 k families of
// 10 generations, one user holding 2,000 of them), and the time of ending those 2,000 families
// and of a cleanup run with nothing to delete, against the same run at 10 k rows. The mass kill
// is also timed against its floor: the same rows deleted and revocations inserted by one bare
// statement with triggers and foreign-key checks off, in the same run (ratioToFloor), in wall
// time and in the backend's CPU time (cpuRatioToFloor: what a shared machine does not move).
//
//   npm run bench:data                        # 10 k rows, then 1 M rows
//   npm run bench:data -- --families 100000
//
// The statements are the repositories' own: the compiled repository classes run against a
// DataSource stand-in that prefixes each statement with EXPLAIN ANALYZE and rolls it back.
// Prints JSON (plans as text lines).
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../dist/src/database/data-source-options.js';
import { CleanupRepository } from '../dist/src/sessions/cleanup.repository.js';
import { SessionsRepository } from '../dist/src/sessions/sessions.repository.js';
import { RevocationsRepository } from '../dist/src/revocations/revocations.repository.js';
import { seed, seededNewest } from './seed.mjs';
import { median, startDatabase } from './support.mjs';

const { values: args } = parseArgs({
  options: { families: { type: 'string', default: '100000' }, heavy: { type: 'string', default: '2000' } },
});
const deletion = { reason: 'admin', auditType: 'session_revoked', client: { ip: '127.0.0.1', userAgent: 'bench' }, accessTokenTtl: 600 };
const database = await startDatabase();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const dataSource = new DataSource(dataSourceOptions(database.url, 4));
await dataSource.initialize();
const output = { bench: 'data-size', runs: [] };
try {
  let seeded = 0;
  let tag = 0;
  for (const families of [1000, Number(args.families)]) {
    // top the table up to `families` families (10 rows each); the heavy user is in the big batch
    const heavy = families > 1000 ? Number(args.heavy) : 0;
    const batchTag = `s${tag++}`;
    const t0 = performance.now();
    await seed(client, { families: families - seeded, heavyUserFamilies: heavy, tag: batchTag });
    seeded = families;
    const rows = Number((await client.query('SELECT count(*) FROM refresh_tokens')).rows[0].count);
    const run = { families, generationRows: rows, seedSeconds: Math.round((performance.now() - t0) / 100) / 10 };
    run.cleanupNothingToDeleteMs = await timeCleanup();
    if (heavy) {
      const userId = seededNewest(createHash, batchTag, 1).userId;
      const kill = await timeEndAll(userId);
      const floor = await timeEndAllFloor(userId);
      run.endAllFamiliesOfOneUser = {
        families: heavy,
        ms: kill.ms,
        floorMs: floor.ms,
        ratioToFloor: round(kill.ms / floor.ms),
        // the backend's own CPU (not its waits for a core on a shared machine) and the WAL it wrote
        backendCpuMs: kill.cpuMs,
        floorBackendCpuMs: floor.cpuMs,
        cpuRatioToFloor: round(kill.cpuMs / floor.cpuMs),
        walBytes: kill.walBytes,
        floorWalBytes: floor.walBytes,
      };
      console.error(
        `ending ${heavy} families of one user: ${kill.ms} ms (backend CPU ${kill.cpuMs} ms), floor ${floor.ms} ms (CPU ${floor.cpuMs} ms): ${round(kill.ms / floor.ms)}x, CPU ${round(kill.cpuMs / floor.cpuMs)}x`,
      );
    }
    run.endOneFamilyMs = await timeEndOne(seededNewest(createHash, batchTag, 2).familyId);
    if (families === Number(args.families)) run.plans = await plans(batchTag, heavy);
    output.runs.push(run);
  }
  console.log(JSON.stringify(output, null, 2));
} finally {
  await dataSource.destroy();
  await client.end();
  await database.stop();
}

/** Median over 15 runs of the four cleanup statements, with nothing to delete: ms per statement and in total. */
async function timeCleanup() {
  const cleanup = new CleanupRepository(dataSource);
  const revocations = new RevocationsRepository(dataSource);
  const steps = {
    expiredFamilies: () => cleanup.deleteExpiredFamilies(60, 1000),
    prunedGenerations: () => cleanup.pruneRotatedGenerations(14 * 86400, 1000),
    clearedGraceTokens: () => cleanup.clearGraceTokens(10, 1000),
    lapsedRevocations: () => revocations.deleteLapsed(1000),
  };
  const times = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  const totals = [];
  for (let i = 0; i < 15; i++) {
    let total = 0;
    for (const [name, step] of Object.entries(steps)) {
      const t0 = performance.now();
      const n = await step();
      if (n !== 0) throw new Error(`cleanup ${name} deleted ${n}: the seed should leave nothing to delete`);
      const ms = performance.now() - t0;
      times[name].push(ms);
      total += ms;
    }
    totals.push(total);
  }
  return { total: round(median(totals)), ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, round(median(v))])) };
}

/** Ends every family of the user, rolled back, five times: the medians of `measured`. */
async function timeEndAll(userId) {
  const sessions = new SessionsRepository(dataSource);
  const runs = [];
  for (let i = 0; i < 5; i++) {
    await rolledBack(async (tx) => {
      runs.push(
        await measured(tx, async () => {
          const ended = await sessions.deleteFamilies({ userId }, deletion, tx);
          if (ended.length === 0) throw new Error('nothing ended');
        }),
      );
    });
  }
  return medians(runs);
}

/**
 * Wall ms of `work` in `tx`, the CPU ms its backend spent on it (/proc/<pid>/schedstat: time on a
 * core, in ns, whatever the waits for one) and the WAL bytes written meanwhile.
 */
async function measured(tx, work) {
  const [{ pid, lsn }] = await tx.query('SELECT pg_backend_pid() AS pid, pg_current_wal_insert_lsn()::text AS lsn');
  const onCpu = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  const cpu0 = onCpu();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const cpuMs = onCpu() - cpu0;
  const [{ bytes }] = await tx.query('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::float8 AS bytes', [lsn]);
  return { ms, cpuMs, walBytes: bytes };
}

function medians(runs) {
  return {
    ms: round(median(runs.map((r) => r.ms))),
    cpuMs: round(median(runs.map((r) => r.cpuMs))),
    walBytes: median(runs.map((r) => r.walBytes)),
  };
}

/**
 * The floor of ending a user's families, in the same conditions (rolled back, five times, the
 * median ms): only the writes it cannot do without, bare, with every trigger and foreign-key
 * check off (session_replication_role = replica, which needs a superuser, as the embedded
 * cluster's is): delete the families and their generations, insert their revocation rows.
 */
async function timeEndAllFloor(userId) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    await rolledBack(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      runs.push(
        await measured(tx, async () => {
          const [{ n }] = await tx.query(
            `WITH f AS (
             DELETE FROM session_families WHERE user_id = $1 RETURNING id, user_id
           ), g AS (
             DELETE FROM refresh_tokens WHERE family_id = ANY (ARRAY(SELECT id FROM f))
           ), r AS (
             INSERT INTO revoked_sessions (session_id, user_id, valid_until, reason)
             SELECT id, user_id, now() + interval '10 minutes', 'admin' FROM f
           ) SELECT count(*)::int AS n FROM f`,
            [userId],
          );
          if (n === 0) throw new Error('nothing ended');
        }),
      );
    });
  }
  return medians(runs);
}

async function timeEndOne(familyId) {
  const sessions = new SessionsRepository(dataSource);
  const times = [];
  for (let i = 0; i < 15; i++) {
    await rolledBack(async (tx) => {
      const t0 = performance.now();
      await sessions.deleteFamilies({ ids: [familyId] }, deletion, tx);
      times.push(performance.now() - t0);
    });
  }
  return round(median(times));
}

/** Runs `work` in a transaction that is then rolled back, so every run sees the same data. */
async function rolledBack(work) {
  const rollback = new Error('rollback');
  await dataSource
    .transaction(async (tx) => {
      await work(tx);
      throw rollback;
    })
    .catch((error) => {
      if (error !== rollback) throw error;
    });
}

/** EXPLAIN ANALYZE of each statement the repositories send, every one rolled back. */
async function plans(batchTag, heavy) {
  const collected = {};
  let current = '';
  const explain = async (sql, values) => {
    await client.query('BEGIN');
    try {
      const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, values);
      (collected[current] ??= []).push(result.rows.map((r) => r['QUERY PLAN']));
    } finally {
      await client.query('ROLLBACK');
    }
    return [];
  };
  const stand = {
    query: explain,
    manager: { query: explain },
    driver: { master: { query: async ({ text, values }) => ({ rows: await explain(text, values) }) } },
    transaction: (work) => work({ query: explain }),
    options: {},
  };
  const sessions = new SessionsRepository(stand);
  const cleanup = new CleanupRepository(stand);
  const revocations = new RevocationsRepository(stand);
  const newest = seededNewest(createHash, batchTag, 500);
  const tokenHash = createHash('sha256').update(`${newest.familyId}-10`).digest();
  const statements = {
    'refresh: rotate (happy path, one statement)': () =>
      sessions.rotateGeneration(
        { familyId: newest.familyId, id: newest.id },
        tokenHash,
        null,
        { id: randomUUID(), tokenHash: Buffer.alloc(32), graceToken: null, idleTtl: 1209600 },
        { ip: '127.0.0.1', userAgent: 'bench' },
      ),
    'refresh: findPresented (slow path)': () => sessions.findPresented({ familyId: newest.familyId, id: newest.id }),
    'guarded request: findSessionOwner': () => sessions.findSessionOwner(newest.familyId),
    'end one family': () => sessions.deleteFamilies({ ids: [newest.familyId] }, deletion),
    [`end all ${heavy} families of one user`]: () => sessions.deleteFamilies({ userId: newest.userId }, deletion),
    'cleanup: expired families': () => cleanup.deleteExpiredFamilies(60, 1000),
    'cleanup: prune rotated generations': () => cleanup.pruneRotatedGenerations(14 * 86400, 1000),
    'cleanup: clear grace tokens': () => cleanup.clearGraceTokens(10, 1000),
    'cleanup: lapsed revocations': () => revocations.deleteLapsed(1000),
    'revocation feed: findRevoked': () => revocations.findRevoked(new Date(Date.now() - 60_000)),
  };
  for (const [name, run] of Object.entries(statements)) {
    current = name;
    await run().catch(() => undefined); // the stand-in returns no rows; only the plans matter
  }
  return collected;
}

function round(x) {
  return Math.round(x * 100) / 100;
}
