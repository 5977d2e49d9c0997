// `npm test`: type-check, lint, then every vitest test; ends with the plain line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const bin = (name: string) => join('node_modules', '.bin', name);
const env = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  CDK_DISABLE_VERSION_CHECK: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
};

function step(title: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  const ok = result.status === 0;
  process.stdout.write(ok ? `✓ ${title}\n` : `✗ ${title} failed\n`);
  return ok;
}

const checks = [
  step('type-check (tsc)', bin('tsc'), ['--noEmit', '-p', '.']),
  step('lint (biome)', bin('biome'), ['check', '.']),
];

const report = join('test-results', 'vitest.json');
rmSync(report, { force: true });
mkdirSync('test-results', { recursive: true });
const extra = process.argv.slice(2);
const vitestOk = step('tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
    testResults: { assertionResults: unknown[]; status: string }[];
  };
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  skipped = json.numPendingTests + json.numTodoTests;
  // A test file that fails to load has no assertions: count it as a failure, never as nothing.
  failed += json.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} catch {
  process.stdout.write('vitest wrote no JSON report\n');
  failed += 1;
}
// A failure outside any test (the temp directory check of test/support/temp-dir-check.ts) fails the run too.
if (!vitestOk && failed === 0) {
  process.stdout.write('vitest failed outside the tests (see above)\n');
  failed += 1;
}
for (const ok of checks) {
  if (ok) passed += 1;
  else failed += 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || skipped > 0 || passed === 0 ? 1 : 0);
