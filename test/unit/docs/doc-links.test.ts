import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCE_DIRS = ['shared', 'functions', 'local', 'infra', 'cli', 'sandbox', 'console', 'bench', 'test'];

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (entry) => entry.isFile() && entry.name.endsWith(ext) && !entry.parentPath.includes('node_modules'),
    )
    .map((entry) => join(entry.parentPath, entry.name));
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
const slugOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchorsOf(markdownFile: string): Set<string> {
  const headings = readFileSync(markdownFile, 'utf8')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => slugOf(line.replace(/^#+ /, '')));
  return new Set(headings);
}

interface DocLink {
  from: string;
  target: string;
  anchor: string | undefined;
}

/** `docs/x.md#anchor` as a source comment cites it (relative to the repository root). */
function sourceLinks(): DocLink[] {
  const links: DocLink[] = [];
  for (const file of SOURCE_DIRS.flatMap((dir) => filesUnder(join(ROOT, dir), '.ts'))) {
    if (file === import.meta.filename) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/\bdocs\/([\w./-]+\.md)(?:#([\w-]+))?/g)) {
      links.push({
        from: relative(ROOT, file),
        target: join(ROOT, 'docs', match[1] ?? ''),
        anchor: match[2],
      });
    }
  }
  return links;
}

/** `[text](path.md#anchor)` in the README and docs/ (relative to the linking file). */
function markdownLinks(): DocLink[] {
  const files = [join(ROOT, 'README.md'), ...filesUnder(join(ROOT, 'docs'), '.md')];
  const links: DocLink[] = [];
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\]\(([\w./-]*\.md)?(?:#([\w-]+))?\)/g)) {
      if (match[1] === undefined && match[2] === undefined) continue;
      const target = match[1] === undefined ? file : resolve(dirname(file), match[1]);
      links.push({ from: relative(ROOT, file), target, anchor: match[2] });
    }
  }
  return links;
}

const broken = (links: DocLink[]) =>
  links
    .filter(({ target, anchor }) => !existsSync(target) || (anchor && !anchorsOf(target).has(anchor)))
    .map(({ from, target, anchor }) => `${from} → ${relative(ROOT, target)}${anchor ? `#${anchor}` : ''}`);

describe('links into the repository docs', () => {
  it('finds a heading for every docs/… section a source comment cites', () => {
    const links = sourceLinks();

    expect(links.some((link) => link.anchor !== undefined)).toBe(true);
    expect(broken(links)).toEqual([]);
  });

  it('finds a heading for every section the README and docs/ link to', () => {
    const links = markdownLinks();

    expect(links.some((link) => link.anchor !== undefined)).toBe(true);
    expect(broken(links)).toEqual([]);
  });
});
