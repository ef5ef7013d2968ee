/**
 * Where the built dashboard is.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';

// From the built entry (lib/) the files are one level up; from the TypeScript source (src/server/) two.
const fromSource = /[\\/]src[\\/]server[\\/]assets\.ts$/.test(fileURLToPath(import.meta.url));

/** Absolute path of the built static files (`dist/` of this package). */
export const dashboardAssetsDir: string = fileURLToPath(
  new URL(fromSource ? '../../dist' : '../dist', import.meta.url),
);
