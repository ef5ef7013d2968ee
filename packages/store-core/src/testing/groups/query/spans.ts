import type { Span } from '@agl/types';
import { expect } from 'vitest';
import { defineContractGroup } from '../../registry';
import { seedSpans, T1, T2 } from '../span-fixture';

const names = (page: { items: Span[] }): string[] => page.items.map((s) => s.span_id);

/** `querySpans`: attempts, filters and the `or` quirk. */
export const querySpansGroup = defineContractGroup('query spans', (test) => {
  test('without an attempt id every span of the rollout is listed by sequence id', async ({
    store,
  }) => {
    const { rid, spans } = await seedSpans(store);
    const page = await store.querySpans(rid);
    expect(page.items).toEqual([spans.root1, spans.llm, spans.root2, spans.tool]);
    expect(page).toMatchObject({ total: 4, limit: -1, offset: 0 });
  });

  test('attempt id latest lists only the latest attempt spans', async ({ store }) => {
    const { rid, spans } = await seedSpans(store);
    expect(names(await store.querySpans(rid, { attemptId: 'latest' }))).toEqual([
      spans.root2.span_id,
      spans.tool.span_id,
    ]);
  });

  test('attempt id latest on a rollout without attempts gives an empty page', async ({ store }) => {
    const queued = await store.enqueueRollout({});
    expect(await store.querySpans(queued.rollout_id, { attemptId: 'latest' })).toMatchObject({
      items: [],
      total: 0,
    });
  });

  test('a concrete attempt id lists only that attempt', async ({ store }) => {
    const { rid, first, spans } = await seedSpans(store);
    expect(names(await store.querySpans(rid, { attemptId: first }))).toEqual([
      spans.root1.span_id,
      spans.llm.span_id,
    ]);
  });

  test('an unknown rollout or attempt gives an empty page', async ({ store }) => {
    const { rid } = await seedSpans(store);
    expect(await store.querySpans('ro-000000000000')).toMatchObject({ items: [], total: 0 });
    expect(await store.querySpans(rid, { attemptId: 'at-00000000' })).toMatchObject({
      items: [],
      total: 0,
    });
  });

  test('traceId matches exactly and traceIdContains by substring', async ({ store }) => {
    const { rid, spans } = await seedSpans(store);
    expect(names(await store.querySpans(rid, { traceId: T2 }))).toEqual([
      spans.root2.span_id,
      spans.tool.span_id,
    ]);
    expect((await store.querySpans(rid, { traceId: T2.slice(1) })).total).toBe(0);
    expect((await store.querySpans(rid, { traceIdContains: '1111' })).total).toBe(2);
  });

  test('spanId matches exactly and spanIdContains by substring', async ({ store }) => {
    const { rid, spans } = await seedSpans(store);
    expect(names(await store.querySpans(rid, { spanId: spans.llm.span_id }))).toEqual([
      spans.llm.span_id,
    ]);
    expect((await store.querySpans(rid, { spanIdContains: 'bbbb' })).total).toBe(2);
  });

  test('name matches exactly and nameContains by substring', async ({ store }) => {
    const { rid } = await seedSpans(store);
    expect((await store.querySpans(rid, { name: 'root' })).total).toBe(2);
    expect((await store.querySpans(rid, { name: 'roo' })).total).toBe(0);
    expect((await store.querySpans(rid, { nameContains: '.c' })).total).toBe(2);
  });

  test('parentId matches exactly', async ({ store }) => {
    const { rid, spans } = await seedSpans(store);
    expect(names(await store.querySpans(rid, { parentId: 'bbbb000000000003' }))).toEqual([
      spans.tool.span_id,
    ]);
  });

  test('parentIdContains never matches root spans', async ({ store }) => {
    const { rid, spans } = await seedSpans(store);
    expect(names(await store.querySpans(rid, { parentIdContains: '0' }))).toEqual([
      spans.llm.span_id,
      spans.tool.span_id,
    ]);
  });

  test('several filters are intersected with and', async ({ store }) => {
    const { rid, spans } = await seedSpans(store);
    const page = await store.querySpans(rid, { traceId: T1, nameContains: 'openai' });
    expect(names(page)).toEqual([spans.llm.span_id]);
    expect((await store.querySpans(rid, { traceId: T2, nameContains: 'openai' })).total).toBe(0);
  });

  test('filters are united with or', async ({ store }) => {
    const { rid, spans } = await seedSpans(store);
    const page = await store.querySpans(rid, {
      name: 'tool.call',
      spanId: spans.root1.span_id,
      filterLogic: 'or',
    });
    expect(names(page)).toEqual([spans.root1.span_id, spans.tool.span_id]);
  });

  test('or never returns spans of another rollout or attempt', async ({ store }) => {
    const { rid, first, spans } = await seedSpans(store);
    expect(
      names(await store.querySpans(rid, { name: 'root', traceId: T1, filterLogic: 'or' })),
    ).toEqual([spans.root1.span_id, spans.llm.span_id, spans.root2.span_id]);
    const page = await store.querySpans(rid, { attemptId: first, name: 'root', filterLogic: 'or' });
    expect(names(page)).toEqual([spans.root1.span_id]);
  });

  test('or without any filter returns no spans', async ({ store }) => {
    const { rid, first } = await seedSpans(store);
    expect(await store.querySpans(rid, { filterLogic: 'or' })).toMatchObject({
      items: [],
      total: 0,
    });
    expect((await store.querySpans(rid, { attemptId: first, filterLogic: 'or' })).total).toBe(0);
  });

  test('and without any filter returns every span of the rollout', async ({ store }) => {
    const { rid } = await seedSpans(store);
    expect((await store.querySpans(rid, { filterLogic: 'and' })).total).toBe(4);
  });
});
