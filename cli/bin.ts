#!/usr/bin/env node
// The `wixflow` executable. `npm ci` bundles it, with what it imports, into dist/cli.js (scripts/build-cli.ts);
// `npx tsx cli/bin.ts …` runs the sources directly.
import * as nodeModule from 'node:module';
import { packagePath } from '#shared/package-root.ts';
import { runCli } from './main.ts';
import { processIo } from './output.ts';

// V8 keeps the compiled code of the chunks a command loads (the AWS SDK's above all) for the next start. Node
// before 22.1 has no compile cache: the CLI then starts without it rather than failing on the import.
const { enableCompileCache } = nodeModule as { enableCompileCache?: (dir: string) => unknown };
enableCompileCache?.(packagePath('dist', '.compile-cache'));
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `wixflow triggers | head` closes the pipe before the output ends: stop quietly, as other CLIs do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
