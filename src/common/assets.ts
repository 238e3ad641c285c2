import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The path of a file under the package's `assets/` directory (mail templates, pages). Found by
 * walking up from this module, because it runs from src/ under jest and from dist/src/ in
 * production, and the working directory is the deployer's choice.
 */
export function assetPath(...segments: string[]): string {
  if (!root) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!existsSync(path.join(dir, 'assets')) || !existsSync(path.join(dir, 'package.json'))) {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error('assets/ directory not found above ' + fileURLToPath(import.meta.url));
      dir = parent;
    }
    root = path.join(dir, 'assets');
  }
  return path.join(root, ...segments);
}
