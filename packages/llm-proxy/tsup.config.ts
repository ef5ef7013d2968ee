import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'fake-upstream': 'src/testing/fake-upstream-main.ts',
  }),
);
