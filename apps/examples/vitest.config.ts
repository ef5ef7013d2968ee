import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

/**
 * Every example folder holds its end-to-end test (`<example>/<name>.test.ts`).
 * Examples start servers and processes, so the timeouts are longer than the
 * packages' unit tests.
 */
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      include: ['**/*.test.ts'],
      exclude: ['**/node_modules/**'],
      testTimeout: 120_000,
      hookTimeout: 30_000,
      // Runners log one line per 10 rollouts at `info`; keep test output (and child processes) quiet.
      env: { AGL_LOG_LEVEL: 'warn' },
    },
  }),
);
