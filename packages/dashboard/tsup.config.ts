import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// The Node entry points go to lib/: dist/ holds the browser build (scripts/build-ui.mjs).
export default defineConfig(
  packageBuild({ index: 'src/server/index.ts', core: 'src/core/index.ts' }, { outDir: 'lib' }),
);
