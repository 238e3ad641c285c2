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
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { monotonicUs, rank, readProfile } from './profile.mjs';
import { cpuMeter, freePort, requireTools, runChainedWrk, startDatabase, startService } from './support.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '32' },
    threads: { type: 'string', default: '2' },
    top: { type: 'string', default: '25' },
  },
});
const CONNECTIONS = Number(args.connections);
requireTools(['wrk']);

const work = mkdtempSync(path.join(tmpdir(), 'auth-bench-profile-'));
const database = await startDatabase();
let service;
try {
  service = await startService(
    { PORT: String(await freePort()), DATABASE_URL: database.url },
    { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${work}`] },
  );
  const run = async (seconds) => {
    const { ok, rps, p50Ms, non200, measured } = await runChainedWrk({
      url: service.url,
      connections: CONNECTIONS,
      threads: args.threads,
      seconds,
      dir: work,
      measure: () => cpuMeter(service.pid),
    });
    return { ok, rps, p50Ms, serviceCpuUsPerRefresh: Math.round(measured.processUs / ok), non200 };
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
