// Logins per second against the floor: raw argon2id verifications of the stored hash, at the
// same parameters and concurrency, in a process of their own with the same libuv pool.
//
//   npm run bench:login                       # 16 concurrent, 3 alternating rounds of 10 s
//   npm run bench:login -- --concurrency 8 --seconds 5 --rounds 2
//   PROFILE_DIR=.data/prof npm run bench:login   # the service under node --cpu-prof
//
// Starts PostgreSQL (embedded in a temp dir, or DATABASE_URL) and the built service
// (RATE_LIMITS=off), registers `concurrency` users, then alternates: wrk (Debian package `wrk`)
// with bench/login.lua, `concurrency` connections each logging a user in back to back, and a
// separate Node process running `concurrency` argon2.verify calls back to back against a hash
// read from the users table. Prints JSON: the rates and their ratio, and the CPU per login of
// the service (from /proc) against the CPU per verification of the raw process (the rate ratio
// also pays for the load generator, wrk, and PostgreSQL on the same cores).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { cpuMicros, freePort, median, post, requireTools, runWrk, startDatabase, startService } from './support.mjs';

const { values: args } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const CONCURRENCY = Number(args.concurrency);
const SECONDS = Number(args.seconds);
const PASSWORD = 'login benchmark password';

requireTools(['wrk']);
const work = mkdtempSync(path.join(tmpdir(), 'auth-bench-login-'));
const database = await startDatabase();
const service = await startService(
  { PORT: String(await freePort()), DATABASE_URL: database.url },
  // PROFILE_DIR: the service runs under node --cpu-prof and writes its profile there at exit
  { nodeArgs: process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [] },
);
try {
  const users = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const user = { email: `login-bench-${i}-${Date.now()}@example.com`, password: PASSWORD };
    if ((await post(`${service.url}/auth/register`, user)).status !== 201) throw new Error('register failed');
    users.push(user);
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const {
    rows: [{ password_hash: hash }],
  } = await client.query('SELECT password_hash FROM users WHERE email = $1', [users[0].email]);
  await client.end();

  logins(users, 2);
  await rawVerifies(hash, 2);
  const rounds = { login: [], argon2: [] };
  for (let r = 0; r < Number(args.rounds); r++) {
    rounds.login.push(logins(users, SECONDS));
    rounds.argon2.push(await rawVerifies(hash, SECONDS));
    console.error(`round ${r + 1}: logins ${rounds.login.at(-1).perSecond}/s, raw argon2id ${rounds.argon2.at(-1).perSecond}/s`);
  }
  const loginRate = median(rounds.login.map((x) => x.perSecond));
  const argonRate = median(rounds.argon2.map((x) => x.perSecond));
  console.log(
    JSON.stringify(
      {
        bench: 'login',
        concurrency: CONCURRENCY,
        argon2: hash.split('$').slice(1, 4).join('$'),
        loginsPerSecond: loginRate,
        loginP50Ms: median(rounds.login.map((x) => x.p50Ms)),
        loginP99Ms: median(rounds.login.map((x) => x.p99Ms)),
        rawArgon2idVerifiesPerSecond: argonRate,
        ratio: Math.round((loginRate / argonRate) * 1000) / 1000,
        medianRoundRatio: Math.round(median(rounds.login.map((x, i) => x.perSecond / rounds.argon2[i].perSecond)) * 1000) / 1000,
        // the rate ratio also pays for the load generator (wrk) and PostgreSQL on the same cores;
        // the CPU ratio is the service's own cost per login against one raw verification's
        serviceCpuMsPerLogin: median(rounds.login.map((x) => x.serviceCpuMsPerLogin)),
        rawCpuMsPerVerify: median(rounds.argon2.map((x) => x.cpuMsPerVerify)),
        serviceCpuPerLoginToPerVerify:
          Math.round(
            (median(rounds.login.map((x) => x.serviceCpuMsPerLogin)) / median(rounds.argon2.map((x) => x.cpuMsPerVerify))) * 1000,
          ) / 1000,
        clientCpuMsPerLogin: median(rounds.login.map((x) => x.clientCpuMsPerLogin)),
        perRound: rounds,
      },
      null,
      2,
    ),
  );
} finally {
  await service.stop();
  await database.stop();
  rmSync(work, { recursive: true, force: true });
}

/**
 * `concurrency` wrk connections (bench/login.lua) logging the users in for `seconds`; the
 * service's CPU from /proc and wrk's (a child this process reaps) from this process's cutime.
 */
function logins(list, seconds) {
  const bodies = path.join(work, 'logins.txt');
  writeFileSync(bodies, `${list.map((user) => JSON.stringify(user)).join('\n')}\n`);
  const cpu0 = cpuMicros(service.pid);
  const client0 = cpuMicros(process.pid, true) - cpuMicros(process.pid);
  const result = runWrk({
    script: 'bench/login.lua',
    url: service.url,
    threads: Math.min(2, list.length),
    connections: list.length,
    seconds,
    timeout: '10s',
    scriptArgs: [bodies, String(Math.min(2, list.length))],
  });
  const client = cpuMicros(process.pid, true) - cpuMicros(process.pid) - client0;
  const cpuMs = (cpuMicros(service.pid) - cpu0) / 1000;
  if (result.non200 > 0 || result.socketErrors > 0)
    throw new Error(`${result.non200} logins refused, ${result.socketErrors} socket errors`);
  return {
    perSecond: Math.round(result.requests / (result.durationUs / 1e6)),
    p50Ms: round(result.p50Us / 1000),
    p99Ms: round(result.p99Us / 1000),
    serviceCpuMsPerLogin: round(cpuMs / result.requests),
    clientCpuMsPerLogin: round(client / 1000 / result.requests),
  };
}

/** argon2.verify in a child process (its own libuv pool, like the service's), `concurrency` at a time. */
function rawVerifies(hash, seconds) {
  const code = `
    const argon2 = (await import('argon2')).default;
    const [hash, password, concurrency, seconds] = JSON.parse(process.argv[1]);
    const end = performance.now() + seconds * 1000;
    let n = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        if (!(await argon2.verify(hash, password))) throw new Error('wrong password');
        n++;
      }
    }));
    const cpu = process.cpuUsage(cpu0);
    console.log(JSON.stringify({ perSecond: Math.round(n / ((performance.now() - t0) / 1000)), cpuMsPerVerify: Math.round((cpu.user + cpu.system) / n / 100) / 10 }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code, JSON.stringify([hash, PASSWORD, CONCURRENCY, seconds])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (codeValue) =>
      codeValue === 0 ? resolve(JSON.parse(out)) : reject(new Error(`argon2 process exited with ${codeValue}`)),
    );
  });
}

function round(x) {
  return Math.round(x * 10) / 10;
}
