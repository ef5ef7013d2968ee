import type { Span } from '@agl/types';
import { expect } from 'vitest';
import { makeSpan } from '../builders';
import { defineContractGroup } from '../registry';
import { seedSpans } from './span-fixture';

const names = (page: { items: Span[] }): string[] => page.items.map((s) => s.span_id);

/** `querySpans` sorting and pagination. */
export const sortSpansGroup = defineContractGroup('sort spans', (test) => {
  test('the default order is ascending sequence id, whatever the insertion order', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const make = (sequence_id: number) =>
      makeSpan(started.rollout_id, started.attempt.attempt_id, { sequence_id });
    await store.addManySpans([make(3), make(1), make(2)]);
    const page = await store.querySpans(started.rollout_id);
    expect(page.items.map((s) => s.sequence_id)).toEqual([1, 2, 3]);
  });

  test('sorting by span_id desc paginates with the true total', async ({ store }) => {
    const { rid, spans } = await seedSpans(store);
    const page = await store.querySpans(rid, {
      sortBy: 'span_id',
      sortOrder: 'desc',
      limit: 2,
      offset: 1,
    });
    expect(names(page)).toEqual([spans.root2.span_id, spans.llm.span_id]);
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
  });

  test('sorting by start_time puts spans without a start time last', async ({ store }) => {
    const started = await store.startRollout({});
    const { rollout_id, attempt } = started;
    const open = makeSpan(rollout_id, attempt.attempt_id, { start_time: null, sequence_id: 1 });
    const late = makeSpan(rollout_id, attempt.attempt_id, { start_time: 20, sequence_id: 2 });
    const early = makeSpan(rollout_id, attempt.attempt_id, { start_time: 10, sequence_id: 3 });
    await store.addManySpans([open, late, early]);
    expect(names(await store.querySpans(rollout_id, { sortBy: 'start_time' }))).toEqual(
      [early, late, open].map((s) => s.span_id),
    );
  });

  test('limit 0 gives no items and the true total', async ({ store }) => {
    const { rid } = await seedSpans(store);
    expect(await store.querySpans(rid, { limit: 0 })).toEqual({
      items: [],
      total: 4,
      limit: 0,
      offset: 0,
    });
  });

  test('an offset past the end gives no items and the true total', async ({ store }) => {
    const { rid } = await seedSpans(store);
    expect(await store.querySpans(rid, { offset: 10 })).toEqual({
      items: [],
      total: 4,
      limit: -1,
      offset: 10,
    });
  });
});
