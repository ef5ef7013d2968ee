import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PACKAGES, missingBuildHint } from './require-build';

describe('running an example before the build', () => {
  it('gives a hint naming the package, the build command and the source alternative', () => {
    const missing = pathToFileURL('/nowhere/packages/trainer/dist/index.js').href;
    const hint = missingBuildHint('temperature-tuning/main.ts', ['@agl/trainer'], () => missing);
    expect(hint).toBe(
      "temperature-tuning/main.ts: @agl/trainer is not built (the examples use the packages' dist/, like an installed copy). " +
        'Run `pnpm build` at the repository root first, or run from the sources: ' +
        'pnpm exec tsx --conditions=@agl/source temperature-tuning/main.ts',
    );
    const unresolvable = () => {
      throw new Error('ERR_MODULE_NOT_FOUND');
    };
    expect(missingBuildHint('x.ts', ['@agl/trainer'], unresolvable)).toContain('is not built');
  });

  it('says nothing when every package resolves to a file', () => {
    expect(missingBuildHint('x.ts', EXAMPLE_PACKAGES)).toBeNull();
  });
});
