import { expect } from 'vitest';
import { NotFoundError } from '../../errors';
import { present } from '../assertions';
import { makeOtelSpan, makeSpan } from '../builders';
import { defineContractGroup } from '../registry';
import { rolloutWithAttempts } from '../scenarios';

/** Span sequence ids: one counter per rollout. */
export const sequenceGroup = defineContractGroup('sequence ids', (test) => {
  test('a fresh rollout issues 1 then 2', async ({ store }) => {
    const started = await store.startRollout({});
    expect(await store.getNextSpanSequenceId(started.rollout_id, started.attempt.attempt_id)).toBe(
      1,
    );
    expect(await store.getNextSpanSequenceId(started.rollout_id, started.attempt.attempt_id)).toBe(
      2,
    );
  });

  test('the attempts of a rollout share one counter', async ({ store }) => {
    const { rollout, attempts } = await rolloutWithAttempts(store, 2);
    const [first, second] = attempts.map((a) => a.attempt_id);
    expect(await store.getNextSpanSequenceId(rollout.rollout_id, present(first))).toBe(1);
    expect(await store.getNextSpanSequenceId(rollout.rollout_id, present(second))).toBe(2);
    expect(await store.getNextSpanSequenceId(rollout.rollout_id, present(first))).toBe(3);
  });

  test('each rollout has its own counter', async ({ store }) => {
    const a = await store.startRollout({});
    const b = await store.startRollout({});
    expect(await store.getNextSpanSequenceId(a.rollout_id, a.attempt.attempt_id)).toBe(1);
    expect(await store.getNextSpanSequenceId(a.rollout_id, a.attempt.attempt_id)).toBe(2);
    expect(await store.getNextSpanSequenceId(b.rollout_id, b.attempt.attempt_id)).toBe(1);
  });

  test('getManySpanSequenceIds numbers pairs in order, consecutively per rollout', async ({
    store,
  }) => {
    const ids = await store.getManySpanSequenceIds([
      ['ro-A', 'at-1'],
      ['ro-B', 'at-1'],
      ['ro-A', 'at-2'],
      ['ro-A', 'at-1'],
    ]);
    expect(ids).toEqual([1, 1, 2, 3]);
    expect(await store.getNextSpanSequenceId('ro-A', 'at-1')).toBe(4);
    expect(await store.getNextSpanSequenceId('ro-B', 'at-9')).toBe(2);
  });

  test('getManySpanSequenceIds of no pairs returns an empty list', async ({ store }) => {
    expect(await store.getManySpanSequenceIds([])).toEqual([]);
    expect(await store.getNextSpanSequenceId('ro-x', 'at-x')).toBe(1);
  });

  test('unknown rollout and attempt ids still get numbers', async ({ store }) => {
    const started = await store.startRollout({});
    expect(await store.getNextSpanSequenceId('ro-unknown', 'at-unknown')).toBe(1);
    expect(await store.getNextSpanSequenceId(started.rollout_id, 'at-unknown')).toBe(1);
    expect(await store.getNextSpanSequenceId(started.rollout_id, started.attempt.attempt_id)).toBe(
      2,
    );
  });

  test('after a span with sequence id 100 the next id is 101', async ({ store }) => {
    const started = await store.startRollout({});
    await store.addSpan(
      makeSpan(started.rollout_id, started.attempt.attempt_id, { sequence_id: 100 }),
    );
    expect(await store.getNextSpanSequenceId(started.rollout_id, started.attempt.attempt_id)).toBe(
      101,
    );
  });

  test('a span with a lower sequence id does not lower the counter', async ({ store }) => {
    const started = await store.startRollout({});
    const { rollout_id, attempt } = started;
    await store.addSpan(makeSpan(rollout_id, attempt.attempt_id, { sequence_id: 100 }));
    await store.addSpan(makeSpan(rollout_id, attempt.attempt_id, { sequence_id: 5 }));
    expect(await store.getNextSpanSequenceId(rollout_id, attempt.attempt_id)).toBe(101);
  });

  test('a span rejected for an unknown attempt still raises the counter', async ({ store }) => {
    const started = await store.startRollout({});
    const span = makeSpan(started.rollout_id, 'at-missing0', { sequence_id: 50 });
    await expect(store.addSpan(span)).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.getNextSpanSequenceId(started.rollout_id, started.attempt.attempt_id)).toBe(
      51,
    );
  });

  test('addManySpans raises each counter to the highest sequence id of its spans', async ({
    store,
  }) => {
    const a = await store.startRollout({});
    const b = await store.startRollout({});
    await store.addManySpans([
      makeSpan(a.rollout_id, a.attempt.attempt_id, { sequence_id: 9 }),
      makeSpan(a.rollout_id, a.attempt.attempt_id, { sequence_id: 30 }),
      makeSpan(b.rollout_id, b.attempt.attempt_id, { sequence_id: 4 }),
    ]);
    expect(await store.getNextSpanSequenceId(a.rollout_id, a.attempt.attempt_id)).toBe(31);
    expect(await store.getNextSpanSequenceId(b.rollout_id, b.attempt.attempt_id)).toBe(5);
  });

  test('addOtelSpan without a sequence id takes the next one from the counter', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const { rollout_id, attempt } = started;
    expect(await store.getNextSpanSequenceId(rollout_id, attempt.attempt_id)).toBe(1);
    const stored = await store.addOtelSpan(rollout_id, attempt.attempt_id, makeOtelSpan());
    expect(stored?.sequence_id).toBe(2);
    expect(await store.getNextSpanSequenceId(rollout_id, attempt.attempt_id)).toBe(3);
  });

  test('addOtelSpan with sequence id 100 keeps it and raises the counter', async ({ store }) => {
    const started = await store.startRollout({});
    const { rollout_id, attempt } = started;
    const stored = await store.addOtelSpan(rollout_id, attempt.attempt_id, makeOtelSpan(), {
      sequenceId: 100,
    });
    expect(stored?.sequence_id).toBe(100);
    expect(await store.getNextSpanSequenceId(rollout_id, attempt.attempt_id)).toBe(101);
  });
});
