import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the console in real Chromium (Debian's `chromium`), kept out of `npm test`.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    // As `npm test`: the stack's data folders go once the file ends, and a run that leaves any behind fails.
    globalSetup: ['test/support/temp-dir-check.ts'],
    setupFiles: ['test/support/remove-temp-dirs.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
