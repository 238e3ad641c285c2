import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the client package into a directory of its own under test-artifacts/ (ignored by git)
 * and returns it: test files running at once never write over each other's build, and the
 * build's bare `jose` import still resolves from the repository's node_modules.
 */
export function buildClientPackage(name: string): string {
  const outDir = path.resolve('test-artifacts', `client-${name}`);
  execFileSync('npx', ['tsc', '-p', 'packages/client/tsconfig.build.json', '--outDir', outDir], { stdio: 'inherit' });
  // the package's build compiles the contract into dist/contract, imported as `#contract` (its
  // package.json "imports"); this directory has no package.json, so it imports the file itself
  execFileSync('npx', ['tsc', '-p', 'packages/contract/tsconfig.build.json', '--outDir', path.join(outDir, 'contract')], {
    stdio: 'inherit',
  });
  for (const file of readdirSync(outDir).filter((f) => f.endsWith('.js'))) {
    const full = path.join(outDir, file);
    writeFileSync(full, readFileSync(full, 'utf8').replaceAll("from '#contract'", "from './contract/index.js'"));
  }
  return outDir;
}
