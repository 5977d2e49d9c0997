import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * wixflow's package directory: the nearest folder holding a package.json above this module. The same in the
 * sources (`shared/`) and in the bundled CLI (`dist/`), so data files (sandbox samples, console assets) are found
 * from either.
 */
export const PACKAGE_ROOT = nearestPackage(dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the package, e.g. `packagePath('sandbox', 'samples')`. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}

function nearestPackage(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`wixflow: no package.json above ${from}`);
  }
}
