import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  defineProject({
    // test/*.test-d.ts are type tests: checked by tsc, reported as tests.
    test: { typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] } },
  }),
);
