// Bundles the CLI into dist/ (the package's `bin`, dist/cli.js). `npm ci` runs it (the `prepare` script), so the
// user needs no build step; `npm test` and the bench build again so they see the current sources.
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { BUILD_STAMP_FILE, type BuildStamp, currentStamp, stampOf, stampSources } from '#cli/build-stamp.ts';
import { PACKAGE_ROOT } from '#shared/package-root.ts';

/** Where the bundled CLI lands: `node dist/cli.js …` is `wixflow …`. */
export const CLI_BUNDLE = join(PACKAGE_ROOT, 'dist', 'cli.js');

/**
 * Packages that stay in node_modules, imported at run time: dynalite and fauxqs load native modules and files of
 * their own (and only the embedded local stack needs them).
 */
const EXTERNAL = ['dynalite', 'fauxqs'];

/**
 * Loads node:http and node:https with require(). An ESM import of them makes Node evaluate each of their exports,
 * and the WebSocket ones load undici: some 20–50 ms of every start that talks to DynamoDB.
 */
const httpThroughRequire: Plugin = {
  name: 'http-through-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?https?$/ }, (args) =>
      args.namespace === 'require-builtin'
        ? undefined
        : { path: args.path.replace(/^node:/, ''), namespace: 'require-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'require-builtin' }, (args) => ({
      contents: `module.exports = require('node:${args.path}');`,
      loader: 'js',
    }));
  },
};

/**
 * Bundles cli/bin.ts and everything it imports into dist/: one small entry, one chunk per lazily loaded part, and
 * dist/build-stamp.json, which says which sources it was built from (cli/build-stamp.ts). Resolves esbuild's
 * metafile (which sources went into which chunk, and how chunks import each other); with `write: false` it only
 * resolves that, leaving dist/ as it is.
 */
export async function buildCli(options: { write?: boolean } = {}): Promise<Metafile> {
  const write = options.write ?? true;
  const outdir = join(PACKAGE_ROOT, 'dist');
  if (write) await rm(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    entryPoints: { cli: join(PACKAGE_ROOT, 'cli', 'bin.ts') },
    outdir,
    // Each dynamic import (a command, the AWS SDK, the sandbox, the console) becomes a chunk loaded when used.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    external: EXTERNAL,
    plugins: [httpThroughRequire],
    banner: {
      // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
      js:
        "import { createRequire as __wixflowCreateRequire } from 'node:module'; " +
        'const require = __wixflowCreateRequire(import.meta.url);',
    },
    metafile: true,
    write,
    logLevel: 'warning',
  });
  if (write) {
    const sources = stampSources(metafile);
    const stamp: BuildStamp = { stamp: await stampOf(sources), sources };
    await writeFile(BUILD_STAMP_FILE, `${JSON.stringify(stamp)}\n`);
  }
  return metafile;
}

/** Builds dist/ unless it was built from the sources as they are now; resolves whether it built. */
export async function buildCliUnlessCurrent(): Promise<boolean> {
  const stamp = await currentStamp();
  if (stamp && stamp.current === stamp.built && existsSync(CLI_BUNDLE)) return false;
  await buildCli();
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCli();
  process.stdout.write(`built ${CLI_BUNDLE}\n`);
}
