import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
}

/**
 * Bundles like infra/constructs/lambda-defaults.ts does (ESM, minified, node20, platform node, the AWS SDK
 * bundled, source map without sources, the createRequire banner) into `outDir/<name>/index.mjs`.
 * `entry` is a project file, or `{ contents }` resolved from the project root.
 */
export async function bundleLikeLambda(
  name: string,
  entry: string | { contents: string },
  outDir: string,
): Promise<Bundle> {
  const file = join(outDir, name, 'index.mjs');
  await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [join(PROJECT_ROOT, entry)] }
      : {
          stdin: {
            contents: entry.contents,
            resolveDir: PROJECT_ROOT,
            sourcefile: `${name}.ts`,
            loader: 'ts',
          },
        }),
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: [],
    banner: {
      js:
        "import { createRequire as __wixflowCreateRequire } from 'node:module'; " +
        'const require = __wixflowCreateRequire(import.meta.url);',
    },
    logLevel: 'warning',
  });
  const code = await readFile(file);
  return {
    name,
    file,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    sourceMapBytes: statSync(`${file}.map`).size,
  };
}

export const bundleDir = (bundle: Bundle): string => dirname(bundle.file);
