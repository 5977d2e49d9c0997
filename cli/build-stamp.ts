// Which sources the bundled CLI was built from: dist/build-stamp.json, written by scripts/build-cli.ts. The local
// stack runs `wixflow` commands for the bundle only when it runs those same sources (docs/decisions/014).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Metafile } from 'esbuild';
import { packagePath } from '#shared/package-root.ts';

/** Next to the bundle (dist/cli.js), which reads its own stamp from there (cli/served.ts). */
export const BUILD_STAMP_FILE = packagePath('dist', 'build-stamp.json');

/** What decides the bundle's contents besides its own first-party inputs: the dependencies and the build itself. */
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'scripts/build-cli.ts', 'cli/build-stamp.ts'];

export interface BuildStamp {
  /** A hash of `sources`' paths and contents. */
  stamp: string;
  /** Paths relative to the package root. */
  sources: string[];
}

/** Hashes the paths and contents of `sources` (relative to the package root); throws when one cannot be read. */
export async function stampOf(sources: readonly string[]): Promise<string> {
  const contents = await Promise.all(sources.map((source) => readFile(packagePath(source))));
  const hash = createHash('sha256');
  sources.forEach((source, i) => {
    hash.update(`${source}\0${contents[i]?.length}\0`).update(contents[i] ?? '');
  });
  return hash.digest('base64url');
}

/** Records the stamp of a build: the first-party sources esbuild bundled (metafile inputs), and BUILD_INPUTS. */
export function stampSources(metafile: Metafile): string[] {
  const bundled = Object.keys(metafile.inputs).filter(
    // Virtual modules (`require-builtin:http`) and dependencies, which package-lock.json stands for.
    (input) => !input.includes(':') && !input.split('/').includes('node_modules'),
  );
  return [...new Set([...BUILD_INPUTS, ...bundled])].sort();
}

/** The stamp dist/ was built with, or undefined when there is none (never built, or a build from before stamps). */
export async function readBuildStamp(): Promise<BuildStamp | undefined> {
  try {
    const parsed = JSON.parse(await readFile(BUILD_STAMP_FILE, 'utf8')) as Partial<BuildStamp>;
    if (typeof parsed.stamp !== 'string' || !Array.isArray(parsed.sources)) return undefined;
    if (!parsed.sources.every((s): s is string => typeof s === 'string')) return undefined;
    return { stamp: parsed.stamp, sources: parsed.sources };
  } catch {
    return undefined;
  }
}

/**
 * The stamp of the bundle's sources as they are now (undefined when dist/ holds no stamp, or a source is gone):
 * equal to the recorded one exactly when dist/ was built from these sources.
 */
export async function currentStamp(): Promise<{ built: string; current: string | undefined } | undefined> {
  const recorded = await readBuildStamp();
  if (!recorded) return undefined;
  const current = await stampOf(recorded.sources).catch(() => undefined);
  return { built: recorded.stamp, current };
}
