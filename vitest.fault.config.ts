/**
 * The fault and fuzz suite (`npm run test:fault`), apart from `npm test`: it provisions engines of
 * its own and breaks them on purpose, and takes minutes, so CI runs it as a step of its own.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/fault/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The phases share one system and its engines, in order.
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 20 * 60_000,
    // The first run may build the Temporal CLI and fetch Kafka from Maven Central.
    hookTimeout: 20 * 60_000,
  },
});
