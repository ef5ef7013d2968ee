import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The browser suite: one file at a time (one Chromium each), generous timeouts for 2 shared cores.
const config = mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      testTimeout: 60_000,
      hookTimeout: 60_000,
      fileParallelism: false,
      globalSetup: ['e2e/global-setup.ts'],
    },
  }),
);
// mergeConfig concatenates arrays: replace the unit-test patterns instead.
config.test = { ...config.test, include: ['e2e/**/*.e2e.ts'] };
export default config;
