import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Builds the client package into a directory of its own under test-artifacts/ (ignored by git)
 * and returns it: test files running at once never write over each other's build, and the
 * build's bare `jose` import still resolves from the repository's node_modules.
 */
export function buildClientPackage(name: string): string {
  const outDir = path.resolve('test-artifacts', `client-${name}`);
  execFileSync('npx', ['tsc', '-p', 'packages/client/tsconfig.build.json', '--outDir', outDir], { stdio: 'inherit' });
  return outDir;
}
