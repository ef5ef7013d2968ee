import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The browser suite: one file at a time (one Chromium each), generous timeouts for 2 shared cores.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      include: ['e2e/**/*.e2e.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      fileParallelism: false,
      globalSetup: ['e2e/global-setup.ts'],
    },
  }),
);
