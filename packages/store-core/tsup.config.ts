import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    backend: 'src/backend.ts',
    testing: 'src/testing/index.ts',
  }),
);
