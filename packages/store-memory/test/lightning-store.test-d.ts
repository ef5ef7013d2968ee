import type { LightningStore } from '@agl/store-core';
import { describe, expectTypeOf, it } from 'vitest';
import type { InMemoryLightningStore } from '../src/index';

// Type tests, run by vitest's typecheck mode: code written against the LightningStore interface
// works with this store unchanged.

type Store = InMemoryLightningStore;
type Method = {
  [K in keyof LightningStore]: LightningStore[K] extends (...args: never[]) => unknown ? K : never;
}[keyof LightningStore];
type Fn<T> = T extends (...args: infer A) => infer R ? (...args: A) => R : never;

/**
 * Methods are compared strictly (TypeScript checks method parameters bivariantly): the keys
 * whose store method does not accept every argument list the interface allows, or whose result
 * is not what the interface promises. `never` when there are none.
 */
type Mismatched = {
  [K in Method]: Parameters<Fn<LightningStore[K]>> extends Parameters<Fn<Store[K]>>
    ? ReturnType<Fn<Store[K]>> extends ReturnType<Fn<LightningStore[K]>>
      ? never
      : K
    : K;
}[Method];

describe('InMemoryLightningStore satisfies LightningStore', () => {
  it('is assignable to LightningStore', () => {
    expectTypeOf<Store>().toExtend<LightningStore>();
  });

  it('accepts every argument list of each interface method and returns its result type', () => {
    expectTypeOf<Mismatched>().toBeNever();
  });
});
