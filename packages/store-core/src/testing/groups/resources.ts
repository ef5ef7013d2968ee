import { expect } from 'vitest';
import { expectTime, present } from '../assertions';
import { llmResource, promptTemplateResource, sampleResources } from '../builders';
import { defineContractGroup } from '../registry';

/** Versioned resources snapshots and the latest pointer. */
export const resourcesGroup = defineContractGroup('resources', (test) => {
  test('addResources creates version 1 with equal create and update times', async ({
    store,
    clock,
  }) => {
    const snapshot = await store.addResources(sampleResources());
    expect(snapshot.version).toBe(1);
    expectTime(snapshot.create_time, clock.now());
    expect(snapshot.update_time).toBe(snapshot.create_time);
    expect(await store.getLatestResources()).toEqual(snapshot);
  });

  test('every kind of resource round-trips with all its fields', async ({ store }) => {
    const resources = {
      main: { ...llmResource('m1'), api_key: 'sk-test', sampling_parameters: { temperature: 0.7 } },
      proxy: {
        ...llmResource('m2', 'http://proxy:11434/v1/'),
        resource_type: 'proxy_llm' as const,
      },
      prompt: { ...promptTemplateResource('{{ x }}'), engine: 'jinja' as const },
    };
    const snapshot = await store.addResources(resources);
    expect(snapshot.resources).toEqual(resources);
    expect((await store.getResourcesById(snapshot.resources_id))?.resources).toEqual(resources);
  });

  test('an empty resources object is a valid snapshot', async ({ store }) => {
    const snapshot = await store.addResources({});
    expect(snapshot.resources).toEqual({});
    expect((await store.getResourcesById(snapshot.resources_id))?.version).toBe(1);
  });

  test('each addResources creates a new snapshot that becomes the latest', async ({ store }) => {
    const first = await store.addResources(sampleResources('a'));
    const second = await store.addResources(sampleResources('b'));
    expect(second.resources_id).not.toBe(first.resources_id);
    expect((await store.getLatestResources())?.resources_id).toBe(second.resources_id);
    expect(await store.getResourcesById(first.resources_id)).toEqual(first);
  });

  test('updateResources keeps the create time, moves the update time and bumps the version', async ({
    store,
    clock,
  }) => {
    const created = await store.addResources(sampleResources('v1'));
    clock.advance(2);
    const second = await store.updateResources(created.resources_id, sampleResources('v2'));
    clock.advance(2);
    const third = await store.updateResources(created.resources_id, sampleResources('v3'));
    expect([second.version, third.version]).toEqual([2, 3]);
    expect(third.create_time).toBe(created.create_time);
    expectTime(third.update_time, clock.now());
    expect(third.update_time).toBeGreaterThan(second.update_time);
    expect(second.update_time).toBeGreaterThan(created.update_time);
  });

  test('updateResources replaces the resources instead of merging them', async ({ store }) => {
    const created = await store.addResources(sampleResources());
    const updated = await store.updateResources(created.resources_id, { only: llmResource('new') });
    expect(updated.resources).toEqual({ only: llmResource('new') });
    expect((await store.getResourcesById(created.resources_id))?.resources).toEqual({
      only: llmResource('new'),
    });
  });

  test('updateResources on an unknown id creates it with version 1', async ({ store, clock }) => {
    const created = await store.updateResources('manual-alpha', sampleResources());
    expect(created).toMatchObject({ resources_id: 'manual-alpha', version: 1 });
    expectTime(created.create_time, clock.now());
    expect(created.update_time).toBe(created.create_time);
    expect(await store.getResourcesById('manual-alpha')).toEqual(created);
  });

  test('different ids keep independent versions', async ({ store }) => {
    await store.updateResources('a', {});
    await store.updateResources('a', {});
    await store.updateResources('b', {});
    expect((await store.getResourcesById('a'))?.version).toBe(2);
    expect((await store.getResourcesById('b'))?.version).toBe(1);
  });

  test('updating an older snapshot makes it the latest again', async ({ store }) => {
    const first = await store.addResources(sampleResources('a'));
    await store.addResources(sampleResources('b'));
    await store.updateResources(first.resources_id, sampleResources('c'));
    const latest = present(await store.getLatestResources());
    expect(latest.resources_id).toBe(first.resources_id);
    expect(latest.version).toBe(2);
  });

  test('there is no latest snapshot before the first one', async ({ store }) => {
    expect(await store.getLatestResources()).toBeNull();
  });

  test('getResourcesById returns null for an unknown id', async ({ store }) => {
    await store.addResources(sampleResources());
    expect(await store.getResourcesById('rs-000000000000')).toBeNull();
  });
});
