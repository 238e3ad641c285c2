// Reading a V8 .cpuprofile (`node --cpu-prof`) for the benchmarks: where the CPU of a measured
// window went, per unit of work (a refresh, a passkey sign-in), ranked by package, source file
// and function. Used by bench:refresh-profile and bench:passkey (PROFILE_DIR).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** CLOCK_MONOTONIC in µs: the clock V8 stamps profile samples with on Linux. */
export function monotonicUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The one .cpuprofile a stopped service wrote into `dir`, parsed, and its path. */
export function readProfile(dir) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return { file: path.join(dir, file), profile: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) };
}

/**
 * Self time per package, file and function over the measured windows ([from, to] pairs, in
 * monotonicUs), in µs per unit, the `top` largest of each. With `inclusive`, also the total time
 * (self and callees) of the service's own functions (dist/), which says which step of a route
 * the self time belongs to.
 */
export function rank(profile, units, windows, { top = 25, inclusive = false } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const inWindow = (t) => windows.some(([from, to]) => t >= from && t <= to);
  const selfUs = new Map();
  // timeDeltas[i] is the time from sample i-1 to sample i; attribute it to sample i
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (!inWindow(t)) continue;
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + profile.timeDeltas[i]);
  }
  const byPackage = new Map();
  const byFile = new Map();
  const byFunction = new Map();
  const ownTotal = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { callFrame: f } = nodes.get(id);
    if (f.functionName === '(idle)') continue;
    total += us;
    const file = shortFile(f.url, f.functionName);
    add(byPackage, packageOf(file), us);
    add(byFile, file, us);
    add(byFunction, frameName(f), us);
    if (inclusive) {
      // each of the service's own frames on the stack once, however deep the recursion
      const seen = new Set();
      for (let up = id; up !== undefined; up = parents.get(up)) {
        const frame = nodes.get(up).callFrame;
        const name = frameName(frame);
        if (shortFile(frame.url, frame.functionName).startsWith('dist/') && !seen.has(name)) {
          seen.add(name);
          add(ownTotal, name, us);
        }
      }
    }
  }
  const ranked = (map) =>
    Object.fromEntries(
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, v]) => [k, Math.round((v / units) * 10) / 10]),
    );
  return {
    profiledCpuUsPerUnit: Math.round(total / units),
    byPackage: ranked(byPackage),
    byFile: ranked(byFile),
    byFunction: ranked(byFunction),
    ...(inclusive ? { ownFunctionsInclusive: ranked(ownTotal) } : {}),
  };
}

function frameName(f) {
  return `${f.functionName || '(anonymous)'} ${shortFile(f.url, f.functionName)}:${f.lineNumber + 1}`;
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
