import { makeSpan } from '@agl/store-core/testing';
import type { Span } from '@agl/types';
import { describe, expect, inject, it } from 'vitest';
import { deletePartition, PostgresLightningStore } from '../../src/index';
import { type BodySplit, bodySplitFor } from '../../src/ops/spans/sql';
import { addSpanCalls } from '../../src/ops/spans/write';
import { serverVersionNum } from '../../src/sql/server-version';
import { uniquePartition } from '../support/database';
import { sqlEngines } from '../support/engines';

// The span statement cuts the newline-joined bodies into rows with a
// set-returning function chosen by the server's version; both choices must
// store every body exactly as sent, whatever characters it holds.
const url = inject('pgUrl');
const engines = sqlEngines(url, 2);
const splits: BodySplit[] = ['string_to_table', 'regexp_split_to_table'];

/** Attribute values that a line-based split could get wrong if JSON text ever held a raw newline. */
const AWKWARD = [
  'line one\nline two\r\nline three',
  'backslash n: \\n, tab\t, quote " and \u2028\u2029',
  'unicode: ünïcödé 漢字 🙂',
  '',
  'x'.repeat(20_000),
];

describe('bodySplitFor', () => {
  it('uses string_to_table from PostgreSQL 14 on and the regular-expression split before', () => {
    expect(bodySplitFor(140000)).toBe('string_to_table');
    expect(bodySplitFor(150020)).toBe('string_to_table');
    expect(bodySplitFor(130015)).toBe('regexp_split_to_table');
    expect(bodySplitFor(120000)).toBe('regexp_split_to_table');
  });
});

describe.each(engines)('span bodies split into rows on $engine', ({ useClient, skip }) => {
  const client = useClient();

  it.skipIf(skip)('the server is new enough for string_to_table', async () => {
    expect(bodySplitFor(await serverVersionNum(client()))).toBe('string_to_table');
  });

  it.skipIf(skip).each(splits)('%s stores every body of several calls as sent', async (split) => {
    const store = await PostgresLightningStore.open({
      client: client(),
      partition: uniquePartition('split'),
      watchdogIntervalSeconds: null,
    });
    try {
      const runs = await Promise.all([store.startRollout({ a: 1 }), store.startRollout({ b: 2 })]);
      const calls: Span[][] = runs.map((run, call) =>
        AWKWARD.map((value, i) =>
          makeSpan(run.rollout_id, run.attempt.attempt_id, {
            sequence_id: i + 1,
            name: `span ${call}.${i}`,
            attributes: { value, index: i },
          }),
        ),
      );
      const results = await addSpanCalls(
        client(),
        store.partition,
        Date.now() / 1000,
        calls,
        split,
        false,
      );
      expect(results).toEqual(calls.map((spans) => ({ stored: spans, failure: undefined })));
      for (const [i, run] of runs.entries()) {
        const stored = await store.querySpans(run.rollout_id, { limit: 100 });
        expect(stored.items).toEqual(calls[i]);
      }
    } finally {
      await store.close();
      await deletePartition(client(), store.partition);
    }
  });
});
