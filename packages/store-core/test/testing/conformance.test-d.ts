import type { Rollout } from '@agl/types';
import { describe, expectTypeOf, it } from 'vitest';
import type { CreateRolloutOptions, LightningStore } from '../../src/index';
import type { LightningStoreMismatches } from '../../src/testing/index';

// Type tests of the helper the backends' own type tests use.

/** A store whose enqueueRollout demands the options the interface leaves optional. */
type NarrowedStore = Omit<LightningStore, 'enqueueRollout'> & {
  enqueueRollout(input: unknown, options: CreateRolloutOptions): Promise<Rollout>;
};

describe('LightningStoreMismatches', () => {
  it('is never for the interface itself', () => {
    expectTypeOf<LightningStoreMismatches<LightningStore>>().toBeNever();
  });

  it('names a method whose parameters are narrower, which plain assignability lets through', () => {
    expectTypeOf<NarrowedStore>().toExtend<LightningStore>();
    expectTypeOf<LightningStoreMismatches<NarrowedStore>>().toEqualTypeOf<'enqueueRollout'>();
  });
});
