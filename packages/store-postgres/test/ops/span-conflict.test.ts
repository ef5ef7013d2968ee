import { makeSpan } from '@agl/store-core/testing';
import { describe, expect, inject, it } from 'vitest';
import { deletePartition, PostgresLightningStore } from '../../src/index';
import { addSpanCalls, isSpanConflict, SpanConflict } from '../../src/ops/spans/write';
import { uniquePartition } from '../support/database';
import { sqlEngines } from '../support/engines';

// The span statement inserts without ON CONFLICT first; a span already stored
// (or carried twice) must fail it as a whole, so that the write can run again
// with duplicates skipped and end as if they had been skipped the first time.
const url = inject('pgUrl');
const engines = sqlEngines(url, 2);

describe.each(engines)('a span stored twice on $engine', ({ useClient, skip }) => {
  const sqlClient = useClient();

  it.skipIf(skip)(
    'fails the plain insert with nothing written, and is skipped on the second run',
    async () => {
      const client = sqlClient();
      const store = await PostgresLightningStore.open({
        client,
        partition: uniquePartition('conflict'),
        watchdogIntervalSeconds: null,
      });
      try {
        const run = await store.startRollout({ a: 1 });
        const [one, two, three] = [1, 2, 3].map((sequence_id) =>
          makeSpan(run.rollout_id, run.attempt.attempt_id, { sequence_id }),
        ) as [
          ReturnType<typeof makeSpan>,
          ReturnType<typeof makeSpan>,
          ReturnType<typeof makeSpan>,
        ];
        const now = Date.now() / 1000;
        const { partition } = store;
        await addSpanCalls(client, partition, now, [[one]], 'string_to_table', false);

        const failed = addSpanCalls(
          client,
          partition,
          now,
          [[two], [one, three]],
          'string_to_table',
          false,
        );
        await expect(failed).rejects.toBeInstanceOf(SpanConflict);
        expect(isSpanConflict(await failed.catch((error: unknown) => error))).toBe(true);
        expect((await store.querySpans(run.rollout_id)).items).toEqual([one]);
        expect(await store.getNextSpanSequenceId(run.rollout_id, run.attempt.attempt_id)).toBe(2);

        // Carried twice in one statement is a conflict as well.
        const twice = addSpanCalls(
          client,
          partition,
          now,
          [[two], [two]],
          'string_to_table',
          false,
        );
        await expect(twice).rejects.toBeInstanceOf(SpanConflict);

        const results = await addSpanCalls(
          client,
          partition,
          now,
          [[two], [one, three], [two]],
          'string_to_table',
          true,
        );
        expect(results).toEqual([
          { stored: [two], failure: undefined },
          { stored: [three], failure: undefined },
          { stored: [], failure: undefined },
        ]);
        expect((await store.querySpans(run.rollout_id)).items).toEqual([one, two, three]);
        // Through the store: the duplicate is skipped, the new span stored.
        const four = makeSpan(run.rollout_id, run.attempt.attempt_id, { sequence_id: 4 });
        expect(await store.addManySpans([three, four])).toEqual([four]);
      } finally {
        await store.close();
        await deletePartition(client, store.partition);
      }
    },
  );
});
