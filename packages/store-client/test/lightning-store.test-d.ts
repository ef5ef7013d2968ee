import type { LightningStore } from '@agl/store-core';
import type { LightningStoreMismatches } from '@agl/store-core/testing';
import { describe, expectTypeOf, it } from 'vitest';
import type { LightningStoreClient } from '../src/index';

// Type tests, run by vitest's typecheck mode: code written against the LightningStore interface
// works with this store unchanged.

describe('LightningStoreClient satisfies LightningStore', () => {
  it('is assignable to LightningStore', () => {
    expectTypeOf<LightningStoreClient>().toExtend<LightningStore>();
  });

  it('accepts every argument list of each interface method and returns its result type', () => {
    expectTypeOf<LightningStoreMismatches<LightningStoreClient>>().toBeNever();
  });
});
