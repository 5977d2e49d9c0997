// `npm run test:browser`: the console's browser tests in real Chromium; ends with `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stdout.write(
    [
      `Chromium is not installed at ${chromium}; the browser tests need it.`,
      '  Debian/Ubuntu: sudo apt-get install -y chromium',
      '  elsewhere: install Chromium or Chrome and set CHROMIUM_PATH to its binary',
      '0 passed, 1 failed',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const report = join('test-results', 'vitest-browser.json');
rmSync(report, { force: true });
mkdirSync('test-results', { recursive: true });
spawnSync(
  join('node_modules', '.bin', 'vitest'),
  [
    'run',
    '--config',
    'vitest.browser.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ],
  { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } },
);
let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    testResults: { assertionResults: unknown[]; status: string }[];
  };
  passed = json.numPassedTests;
  failed =
    json.numFailedTests +
    json.numPendingTests +
    json.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} catch {
  process.stdout.write('vitest wrote no JSON report\n');
  failed = 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
