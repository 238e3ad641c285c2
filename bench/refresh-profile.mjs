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
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
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
  const file = readdirSync(work).find((f) => f.endsWith('.cpuprofile'));
  const ranked = rank(JSON.parse(readFileSync(path.join(work, file), 'utf8')), measured.ok, [t0, t1]);
  console.log(
    JSON.stringify(
      {
        bench: 'refresh-profile',
        connections: CONNECTIONS,
        seconds: Number(args.seconds),
        ...measured,
        profile: path.join(work, file),
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

/** CLOCK_MONOTONIC in µs: the clock V8 stamps profile samples with on Linux. */
function monotonicUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Self time per package, file and function over the measured window [from, to], in µs per refresh. */
function rank(profile, refreshes, [from, to]) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time from sample i-1 to sample i; attribute it to sample i
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t > to) continue;
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + profile.timeDeltas[i]);
  }
  const byPackage = new Map();
  const byFile = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { callFrame: f } = nodes.get(id);
    if (f.functionName === '(idle)') continue;
    total += us;
    const file = shortFile(f.url, f.functionName);
    add(byPackage, packageOf(file), us);
    add(byFile, file, us);
    add(byFunction, `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`, us);
  }
  const top = (map) =>
    Object.fromEntries(
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, Number(args.top))
        .map(([k, v]) => [k, Math.round((v / refreshes) * 10) / 10]),
    );
  return {
    profiledCpuUsPerRefresh: Math.round(total / refreshes),
    byPackage: top(byPackage),
    byFile: top(byFile),
    byFunction: top(byFunction),
  };
}

function add(map, key, us) {
  map.set(key, (map.get(key) ?? 0) + us);
}

function shortFile(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length);
  const cwd = process.cwd() + '/';
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}

function packageOf(file) {
  if (file.startsWith('(')) return file;
  if (file.startsWith('node:')) return 'node:' + file.slice(5).split('/')[0];
  if (file.startsWith('dist/')) return file.split('/').slice(0, 3).join('/');
  const parts = file.split('/');
  return parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
