#!/usr/bin/env node
// The `wixflow` executable. `npm ci` bundles it, with what it imports, into dist/cli.js (scripts/build-cli.ts);
// `npx tsx cli/bin.ts …` runs the sources directly.
import * as nodeModule from 'node:module';
import { packagePath } from '#shared/package-root.ts';
import { runOnLocalStack } from './served.ts';

// `wixflow triggers | head` closes the pipe before the output ends: stop quietly, as other CLIs do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
const argv = process.argv.slice(2);
// A running local stack runs the command when it can (docs/decisions/014); else it runs here. The stamp of this
// build is dist/build-stamp.json, beside dist/cli.js; run from the sources (tsx cli/bin.ts) there is none beside
// this file, so those runs stay in this process, on the sources given.
const served = await runOnLocalStack(argv, { stampFile: new URL('./build-stamp.json', import.meta.url) });
if (served !== undefined) {
  process.exitCode = served;
} else {
  // V8 keeps the compiled code of the chunks a command loads (the AWS SDK's above all) for the next start. Node
  // before 22.1 has no compile cache: the CLI then starts without it rather than failing on the import.
  const { enableCompileCache } = nodeModule as { enableCompileCache?: (dir: string) => unknown };
  enableCompileCache?.(packagePath('dist', '.compile-cache'));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [{ runCli }, { processIo }] = await Promise.all([import('./main.ts'), import('./output.ts')]);
  process.exitCode = await runCli(argv, processIo());
}
