/**
 * The `--trees` argument of the CPU comparisons (`cpu-per-rollout.ts`,
 * `cpu-per-request.ts`): `name=path` pairs, each the root of a checkout of
 * this repository with its dependencies installed, measured in turn after the
 * do-nothing server of this checkout.
 *
 * @module
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One server to measure: its label, the checkout it runs from and its backend. */
export interface TreeVariant {
  readonly name: string;
  readonly tree: string;
  readonly backend: 'memory' | 'null';
}

/** This checkout's root. */
const THIS_TREE = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The do-nothing server of this checkout, then the in-memory server of each
 * checkout of `spec` (`before=/path,after=..`; a bare path names itself).
 *
 * @param spec - the `--trees` value
 */
export function treeVariants(spec: string): TreeVariant[] {
  const trees = spec
    .split(',')
    .filter((entry) => entry !== '')
    .map((entry): TreeVariant => {
      const [name = entry, tree = entry] = entry.split('=');
      return { name, tree: resolve(tree), backend: 'memory' };
    });
  return [{ name: 'do-nothing', tree: THIS_TREE, backend: 'null' }, ...trees];
}
