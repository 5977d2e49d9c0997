import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const lambdaDefaults = readFileSync('infra/constructs/lambda-defaults.ts', 'utf8');
const major = (version: string) => /(\d+)/.exec(version)?.[1];

describe('the Node runtime', () => {
  it('runs the tests on the Node major the project pins, which engines, the Lambda runtime and esbuild also name', () => {
    const pinned = major(pkg.devDependencies.node ?? '');
    expect(major(process.version)).toBe(pinned);
    expect(major(pkg.engines.node)).toBe(pinned);
    expect(lambdaDefaults).toContain(`Runtime.NODEJS_${pinned}_X`);
    expect(lambdaDefaults).toContain(`target: 'node${pinned}'`);
  });
});
