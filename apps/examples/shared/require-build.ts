/**
 * The examples import the packages by name, which resolves to their built
 * `dist/`. Before `pnpm build` that fails with a bare ERR_MODULE_NOT_FOUND;
 * each command's entry file checks first and says what to do. Only Node
 * built-ins are imported here, so the check runs before any package loads.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The packages the examples import. */
export const EXAMPLE_PACKAGES = [
  '@agl/types',
  '@agl/store-core',
  '@agl/store-memory',
  '@agl/store-client',
  '@agl/store-server',
  '@agl/trainer',
  '@agl/legacy-client',
];

/**
 * What to tell the user when a package cannot be loaded, or `null` when all resolve.
 *
 * @param script - the command, for the message (e.g. `temperature-tuning/main.ts`)
 * @param packages - the packages to check
 * @param resolve - resolves a specifier (default: this module's `import.meta.resolve`)
 */
export function missingBuildHint(
  script: string,
  packages: readonly string[] = EXAMPLE_PACKAGES,
  resolve: (specifier: string) => string = (specifier) => import.meta.resolve(specifier),
): string | null {
  for (const name of packages) {
    let found = false;
    try {
      // Resolution maps the name to dist/index.js without checking that the file exists.
      const url = resolve(name);
      found = !url.startsWith('file:') || existsSync(fileURLToPath(url));
    } catch {
      found = false;
    }
    if (!found) {
      return (
        `${script}: ${name} is not built (the examples use the packages' dist/, like an installed copy). ` +
        `Run \`pnpm build\` at the repository root first, or run from the sources: ` +
        `pnpm exec tsx --conditions=@agl/source ${script}`
      );
    }
  }
  return null;
}

/**
 * Exits with the hint (code 1) when the packages are not built.
 *
 * @param script - the command, for the message
 */
export function requireBuild(script: string): void {
  const hint = missingBuildHint(script);
  if (hint === null) return;
  console.error(hint);
  process.exit(1);
}
