import { expect } from 'vitest';
import type { LightningStore } from '../../../store';
import { sampleResources } from '../../builders';
import { defineContractGroup } from '../../registry';

async function seed(store: LightningStore): Promise<string[]> {
  const created: string[] = [];
  for (const id of ['manual-beta', 'manual-alpha', 'other']) {
    created.push((await store.updateResources(id, sampleResources(id))).resources_id);
  }
  created.push((await store.addResources(sampleResources('auto'))).resources_id);
  return created;
}

const ids = (page: { items: { resources_id: string }[] }): string[] =>
  page.items.map((r) => r.resources_id);

/** `queryResources`. */
export const queryResourcesGroup = defineContractGroup('query resources', (test) => {
  test('lists snapshots in creation order', async ({ store }) => {
    const created = await seed(store);
    const page = await store.queryResources();
    expect(ids(page)).toEqual(created);
    expect(page).toMatchObject({ total: 4, limit: -1, offset: 0 });
  });

  test('an update does not move a snapshot in the natural order', async ({ store }) => {
    const created = await seed(store);
    await store.updateResources('manual-beta', sampleResources('v2'));
    expect(ids(await store.queryResources())).toEqual(created);
  });

  test('resourcesId and resourcesIdContains are always intersected', async ({ store }) => {
    await seed(store);
    const page = await store.queryResources({
      resourcesId: 'manual-alpha',
      resourcesIdContains: 'manual',
    });
    expect(ids(page)).toEqual(['manual-alpha']);
    expect(
      (await store.queryResources({ resourcesId: 'other', resourcesIdContains: 'manual' })).total,
    ).toBe(0);
  });

  test('resourcesIdContains matches substrings of the id', async ({ store }) => {
    await seed(store);
    expect(ids(await store.queryResources({ resourcesIdContains: 'manual' }))).toEqual([
      'manual-beta',
      'manual-alpha',
    ]);
  });

  test('sorting by resources_id desc paginates with the true total', async ({ store }) => {
    await seed(store);
    await store.updateResources('manual-zeta', {});
    const page = await store.queryResources({
      resourcesIdContains: 'manual',
      sortBy: 'resources_id',
      sortOrder: 'desc',
      limit: 2,
      offset: 1,
    });
    expect(ids(page)).toEqual(['manual-beta', 'manual-alpha']);
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 1 });
  });

  test('sorting by version orders snapshots by their update count', async ({ store }) => {
    await seed(store);
    await store.updateResources('other', {});
    await store.updateResources('other', {});
    await store.updateResources('manual-alpha', {});
    const page = await store.queryResources({ sortBy: 'version', sortOrder: 'desc', limit: 2 });
    expect(ids(page)).toEqual(['other', 'manual-alpha']);
    expect(page.items.map((r) => r.version)).toEqual([3, 2]);
  });

  test('limit 0 gives no items and the true total', async ({ store }) => {
    await seed(store);
    expect(await store.queryResources({ limit: 0 })).toEqual({
      items: [],
      total: 4,
      limit: 0,
      offset: 0,
    });
  });

  test('an offset past the end gives no items and the true total', async ({ store }) => {
    await seed(store);
    expect(await store.queryResources({ offset: 4 })).toEqual({
      items: [],
      total: 4,
      limit: -1,
      offset: 4,
    });
  });
});
