import { defineConfig } from 'vitest/config';

/**
 * Four suites, one gate each: unit (pure code against in-memory fakes), integration (against
 * DynamoDB Local and the SES server, started once by the global setup), browser (the console in
 * Chromium, on the same local servers) and infra (CDK synthesis).
 */
export default defineConfig({
  test: {
    // What the construct sets on every function (infra/constructs/dafaa-function.ts), so that the
    // handlers' Powertools logger and metrics run here as configured there.
    env: {
      POWERTOOLS_SERVICE_NAME: 'dafaa-test',
      POWERTOOLS_METRICS_NAMESPACE: 'dafaa',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          globalSetup: ['test/infra/synthesize-once.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // The deploy rehearsal is typechecked with the CDK app (test/infra) but runs here, with
          // the tests that start local servers.
          include: ['test/integration/**/*.test.ts', 'test/infra/rehearsal.test.ts'],
          globalSetup: ['test/infra/synthesize-once.ts', 'test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // The console in Debian's Chromium, against the ops API on the same local servers.
          include: ['test/browser/**/*.test.ts'],
          globalSetup: [
            'test/browser/browser-setup.ts',
            'test/infra/synthesize-once.ts',
            'test/integration/global-setup.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          exclude: ['test/infra/rehearsal.test.ts'],
          testTimeout: 120_000,
          // Most files synthesize the app in beforeAll: seconds alone, more on a loaded machine.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
