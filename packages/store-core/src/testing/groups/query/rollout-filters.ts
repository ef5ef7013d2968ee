import type { RolloutModeFilter } from '@agl/types';
import { expect } from 'vitest';
import { InvalidArgumentError } from '../../../errors';
import type { LightningStore } from '../../../store';
import { present } from '../../assertions';
import { defineContractGroup } from '../../registry';
import { rolloutIdsOf } from '../../scenarios';

/** Five rollouts: train/r1, val/r1, none/r2, train/none, test/r2 (mode/resources id). */
async function seed(store: LightningStore): Promise<string[]> {
  const specs = [
    { mode: 'train', resourcesId: 'rs-1' },
    { mode: 'val', resourcesId: 'rs-1' },
    { mode: null, resourcesId: 'rs-2' },
    { mode: 'train', resourcesId: null },
    { mode: 'test', resourcesId: 'rs-2' },
  ] as const;
  const ids: string[] = [];
  for (const [index, spec] of specs.entries()) {
    ids.push((await store.enqueueRollout({ index }, spec)).rollout_id);
  }
  return ids;
}

/** `queryRollouts` with `modeIn` and `resourcesIdIn` (the `rollout_filters` capability). */
export const rolloutFiltersGroup = defineContractGroup(
  'query rollouts by mode and resources',
  (test) => {
    test('modeIn keeps the listed modes, and none keeps rollouts without a mode', async ({
      store,
    }) => {
      const [trainA, val, none, trainB, testMode] = await seed(store);
      const ids = async (modeIn: RolloutModeFilter[]) =>
        rolloutIdsOf(await store.queryRollouts({ modeIn }));
      expect(await ids(['train'])).toEqual([trainA, trainB]);
      expect(await ids(['none'])).toEqual([none]);
      expect(await ids(['test', 'none', 'val'])).toEqual([val, none, testMode]);
      const page = await store.queryRollouts({ modeIn: ['train', 'none'], limit: 1, offset: 1 });
      expect(rolloutIdsOf(page)).toEqual([none]);
      expect(page.total).toBe(3);
    });

    test('resourcesIdIn keeps the listed resources ids', async ({ store }) => {
      const [a, b, c, , e] = await seed(store);
      expect(rolloutIdsOf(await store.queryRollouts({ resourcesIdIn: ['rs-1'] }))).toEqual([a, b]);
      expect(
        rolloutIdsOf(await store.queryRollouts({ resourcesIdIn: ['rs-2', 'rs-1', 'rs-9'] })),
      ).toEqual([a, b, c, e]);
    });

    test('with and an empty list matches nothing, and the filters intersect', async ({ store }) => {
      const [, , none, trainB, testMode] = await seed(store);
      expect(await store.queryRollouts({ modeIn: [] })).toMatchObject({ items: [], total: 0 });
      expect(await store.queryRollouts({ resourcesIdIn: [] })).toMatchObject({ total: 0 });
      expect(
        rolloutIdsOf(
          await store.queryRollouts({ modeIn: ['none', 'test'], resourcesIdIn: ['rs-2'] }),
        ),
      ).toEqual([none, testMode]);
      expect(
        rolloutIdsOf(await store.queryRollouts({ modeIn: ['train'], statusIn: ['queuing'] })),
      ).toHaveLength(2);
      expect(
        rolloutIdsOf(
          await store.queryRollouts({
            modeIn: ['train'],
            rolloutIdContains: present(trainB).slice(3),
          }),
        ),
      ).toEqual([trainB]);
    });

    test('with or they unite with the other conditions like statusIn', async ({ store }) => {
      const [trainA, val, none, , testMode] = await seed(store);
      const page = await store.queryRollouts({
        modeIn: ['val'],
        resourcesIdIn: ['rs-2'],
        rolloutIdIn: [present(trainA)],
        filterLogic: 'or',
      });
      expect(rolloutIdsOf(page)).toEqual([trainA, val, none, testMode]);
      expect(page.total).toBe(4);
      const empty = await store.queryRollouts({ modeIn: [], resourcesIdIn: [], filterLogic: 'or' });
      expect(empty.total).toBe(0);
      expect(
        rolloutIdsOf(
          await store.queryRollouts({
            modeIn: [],
            rolloutIdIn: [present(val)],
            filterLogic: 'or',
          }),
        ),
      ).toEqual([val]);
    });

    test('an unknown mode is an invalid argument', async ({ store }) => {
      await seed(store);
      await expect(
        store.queryRollouts({ modeIn: ['training' as RolloutModeFilter] }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  },
);
