import type { Options } from 'tsup';

/**
 * Build settings shared by every publishable package: ESM only, type
 * declarations, Node 22 target. Packages pass their own entry points.
 */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm'],
    dts: true,
    tsconfig: 'tsconfig.build.json',
    clean: true,
    sourcemap: true,
    target: 'node22',
    platform: 'node',
    splitting: true,
    treeshake: true,
    ...extra,
  };
}
