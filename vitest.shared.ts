import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings for every workspace package: tests run against the
 * TypeScript sources of sibling packages (the `@agl/source` export condition),
 * so no build is needed before `vitest`.
 *
 * Only custom conditions are listed: Vite and Node add `import`/`require`
 * by themselves for each import kind. Listing `import` here would also apply
 * it to `require` calls in the worker (vitest passes these to Node as
 * `--conditions`), which loads ESM builds into CommonJS packages such as
 * node-postgres. `module` is left out because packages such as
 * OpenTelemetry's point it at builds only bundlers can resolve.
 */
export const sharedConfig = defineConfig({
  resolve: {
    conditions: ['@agl/source', 'node', 'default'],
  },
  ssr: {
    resolve: {
      conditions: ['@agl/source', 'node', 'default'],
      externalConditions: ['@agl/source'],
    },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'threads',
  },
});
