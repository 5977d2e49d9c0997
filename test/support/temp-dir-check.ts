// vitest globalSetup: the suite runs with a temp directory of its own (TMPDIR, which os.tmpdir() and every child
// process read), and the run fails if the tests left anything in it. The folder is removed either way.
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Caches tools keep in the temp directory on purpose (tsx's compiled files, Node's compile cache). */
const CACHES = /^(tsx-\d+|node-compile-cache)$/;
const VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function setup(): () => Promise<void> {
  const before = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(join(tmpdir(), 'wixflow-tests-'));
  for (const name of VARIABLES) process.env[name] = dir;
  return async () => {
    for (const name of VARIABLES) {
      if (before[name] === undefined) delete process.env[name];
      else process.env[name] = before[name];
    }
    const left = readdirSync(dir).filter((name) => !CACHES.test(name));
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the exit code as well.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} item(s) in the temp directory: ${left.slice(0, 20).join(', ')}; ` +
          'make them with tempDir() from test/support/temp.ts, or remove them in the test',
      );
    }
  };
}
