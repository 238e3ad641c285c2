// Where the service's CPU goes under chained refreshes: a V8 CPU profile, ranked.
//
//   npm run bench:refresh-profile                      # 32 connections, 15 s
//   npm run bench:refresh-profile -- --seconds 30 --top 40
//
// Starts PostgreSQL (embedded in a temp dir, or DATABASE_URL's server) and the built service under
// `node --cpu-prof` (RATE_LIMITS=off, as in bench:refresh-rate), drives it with wrk and
// bench/refresh-chain.lua, stops it and reads the profile it wrote. Prints JSON: refreshes/s, the
// service's CPU µs per refresh (from /proc), and the CPU µs per refresh spent in each package,
// source file and function (self time, idle excluded), largest first. The .cpuprofile file is
// kept (its path is in the output) for a flame graph in Chrome DevTools or speedscope.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { monotonicUs, rank, readProfile } from './profile.mjs';
import { cpuMicros, freePort, sessions, startDatabase, startService } from './support.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '32' },
    threads: { type: 'string', default: '2' },
    top: { type: 'string', default: '25' },
  },
});
const CONNECTIONS = Number(args.connections);
if (spawnSync('which', ['wrk']).status !== 0) {
  console.error('wrk is required (Debian: apt-get install wrk)');
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'auth-bench-profile-'));
const database = await startDatabase();
let service;
try {
  service = await startService(
    { PORT: String(await freePort()), DATABASE_URL: database.url },
    { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${work}`] },
  );
  const run = async (seconds) => {
    const users = await sessions(service.url, CONNECTIONS + Number(args.threads));
    const tokens = path.join(work, 'tokens.txt');
    writeFileSync(tokens, users.map((u) => u.refreshToken).join('\n') + '\n');
    const cpu0 = cpuMicros(service.pid);
    const out = execFileSync(
      'wrk',
      [
        `-t${args.threads}`,
        `-c${CONNECTIONS}`,
        `-d${seconds}s`,
        '--timeout',
        '10s',
        '-s',
        'bench/refresh-chain.lua',
        service.url,
        '--',
        tokens,
        args.threads,
      ],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(
      out
        .split('\n')
        .find((l) => l.startsWith('WRK_JSON '))
        .slice(9),
    );
    const ok = result.requests - result.non200 - result.idleRequests;
    return {
      ok,
      rps: Math.round(ok / (result.durationUs / 1e6)),
      p50Ms: result.p50Us / 1000,
      serviceCpuUsPerRefresh: Math.round((cpuMicros(service.pid) - cpu0) / ok),
      non200: result.non200,
    };
  };
  await run(3); // warm-up: JIT, pools, prepared statements
  const t0 = monotonicUs();
  const measured = await run(Number(args.seconds));
  const t1 = monotonicUs();
  await service.stop();
  service = undefined;
  const { file, profile } = readProfile(work);
  const { profiledCpuUsPerUnit, ...ranked } = rank(profile, measured.ok, [[t0, t1]], { top: Number(args.top) });
  console.log(
    JSON.stringify(
      {
        bench: 'refresh-profile',
        connections: CONNECTIONS,
        seconds: Number(args.seconds),
        ...measured,
        profile: file,
        profiledCpuUsPerRefresh: profiledCpuUsPerUnit,
        ...ranked,
      },
      null,
      2,
    ),
  );
} finally {
  await service?.stop();
  await database.stop();
}
