// No import cycle between the domain folders of src/ (auth/, sessions/, dpop/...): each folder
// may use the ones below it, never one that uses it back. Specs are left out (a test may import
// anything). Run by `npm run lint`; prints each cycle with the imports that make it.
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');
const { output } = await cruise(['src'], { ...config.options, exclude: { path: ['(^|/)dist/', '\\.spec\\.ts$'] } });

const domain = (file) => /^src\/([^/]+)\//.exec(file)?.[1];
/** folder -> folder -> the imports that make the edge */
const edges = new Map();
for (const module of output.modules) {
  const from = domain(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = domain(dependency.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const targets = edges.get(from);
    if (!targets.has(to)) targets.set(to, []);
    targets.get(to).push(`${module.source} -> ${dependency.resolved}`);
  }
}

/** A path of folders from `start` back to `goal`, or undefined. */
function pathBack(start, goal, seen = new Set()) {
  if (start === goal) return [goal];
  if (seen.has(start)) return undefined;
  seen.add(start);
  for (const next of edges.get(start)?.keys() ?? []) {
    const rest = pathBack(next, goal, seen);
    if (rest) return [start, ...rest];
  }
  return undefined;
}

const cycles = [];
for (const [from, targets] of edges) {
  for (const [to, imports] of targets) {
    const back = pathBack(to, from);
    if (back) cycles.push(`${from} -> ${back.join(' -> ')}\n    ${imports.join('\n    ')}`);
  }
}
if (cycles.length > 0) {
  console.error(`Import cycles between the folders of src/:\n  ${cycles.join('\n  ')}`);
  process.exit(1);
}
console.log(`no import cycle between the ${edges.size} domain folders of src/`);
