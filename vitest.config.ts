import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/workflow/**/*.test.ts', 'test/replay/**/*.test.ts'],
          // Workflow code is bundled once for the project, here, and shared by every test file.
          globalSetup: ['test/support/workflow-bundle.setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          // The dashboard's browser tests (Debian's Chromium; npm run build first) run on the same
          // engines: a project of their own would start a second set on the same ports.
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/integration/engines.setup.ts'],
          // Engines are shared by every file; one file at a time keeps ports and consumer groups simple.
          fileParallelism: false,
          testTimeout: 180_000,
          // The first run may build the Temporal CLI and fetch Kafka from Maven Central.
          hookTimeout: 1_200_000,
        },
      },
    ],
  },
});
