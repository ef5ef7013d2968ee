import { ManualClock, type QueryRolloutsOptions, type QuerySpansOptions } from '@agl/store-core';
import { rolloutsQuery, runListQuery, spansQuery } from '@agl/store-core/backend';
import { makeSpan } from '@agl/store-core/testing';
import type { RolloutMode, RolloutStatus, Span } from '@agl/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createPgClient,
  createPgliteClient,
  deletePartition,
  PostgresLightningStore,
} from '../../src/index';
import type { SqlClient } from '../../src/sql/client';
import { uniquePartition } from '../support/database';

// Differential test: the SQL compilation of filters, sorts and pages must
// give exactly what store-core's in-memory query engine gives on the same data.

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const maybe = <T>(value: () => T): T | undefined => (next() < 0.5 ? value() : undefined);
  const subset = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.4);
  return { next, pick, maybe, subset };
}

const STATUSES: RolloutStatus[] = ['queuing', 'running', 'failed', 'succeeded', 'cancelled'];
const MODES: (RolloutMode | null)[] = [null, 'train', 'val', 'test'];
const ROLLOUT_SORTS = [
  null,
  'rollout_id',
  'mode',
  'resources_id',
  'status',
  'start_time',
  'end_time',
];
const SPAN_SORTS = [null, 'sequence_id', 'span_id', 'parent_id', 'name', 'trace_id', 'start_time'];

const url = inject('pgUrl');
const engines: [string, () => SqlClient | Promise<SqlClient>][] = [
  ['embedded PGlite', () => createPgliteClient()],
];
if (url !== null) engines.push(['a PostgreSQL server', () => createPgClient({ databaseUrl: url })]);

describe.each(engines)('SQL queries on %s agree with the in-memory query engine', (_, connect) => {
  let client: SqlClient;
  let store: PostgresLightningStore;
  beforeAll(async () => {
    client = await connect();
    store = await PostgresLightningStore.open({
      client,
      clock: new ManualClock(1_700_000_000),
      partition: uniquePartition(),
      watchdogIntervalSeconds: null,
    });
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await deletePartition(client, store.partition);
    await client.close();
  });

  it('on 300 random rollout queries', async () => {
    const r = random(7);
    for (let i = 0; i < 40; i++) {
      const resourcesId = r.pick([null, 'rs-b', 'rs-a', 'rs-\u00e9', 'rs-\u{1f600}']);
      const queued = await store.enqueueRollout({ i }, { mode: r.pick(MODES), resourcesId });
      const status = r.pick(STATUSES);
      if (status !== 'queuing') await store.updateRollout(queued.rollout_id, { status });
    }
    const all = (await store.queryRollouts()).items;
    const ids = all.map((rollout) => rollout.rollout_id);
    for (let i = 0; i < 300; i++) {
      const options: QueryRolloutsOptions = {
        statusIn: r.maybe(() => r.subset(STATUSES)) ?? null,
        rolloutIdIn: r.maybe(() => r.subset(ids)) ?? null,
        rolloutIdContains: r.maybe(() => r.pick(ids).slice(3, 5)) ?? null,
        filterLogic: r.pick(['and', 'or'] as const),
        sortBy: r.pick(ROLLOUT_SORTS),
        sortOrder: r.pick(['asc', 'desc'] as const),
        limit: r.pick([-1, 0, 1, 5, 100]),
        offset: r.pick([0, 0, 2, 50]),
      };
      const expected = runListQuery(rolloutsQuery(options), all);
      const actual = await store.queryRollouts(options);
      expect({ options, ids: actual.items.map((x) => x.rollout_id), total: actual.total }).toEqual({
        options,
        ids: expected.items.map((x) => x.rollout_id),
        total: expected.total,
      });
    }
  });

  it('on 300 random span queries', async () => {
    const r = random(11);
    const started = await store.startRollout({});
    const retried = await store.startAttempt(started.rollout_id);
    const attempts = [started.attempt.attempt_id, retried.attempt.attempt_id];
    const spans: Span[] = Array.from({ length: 40 }, (_, i) =>
      makeSpan(started.rollout_id, r.pick(attempts), {
        sequence_id: Math.floor(r.next() * 10),
        span_id: `span-${r.pick(['a', 'b', 'c'])}-${i}`,
        parent_id: r.pick([null, 'span-a-1', 'span-b-2']),
        name: r.pick(['root', 'llm.call', 'tool', 'Root']),
        trace_id: r.pick(['t1', 't2']),
        start_time: r.pick([null, 10, 20, 15.5]),
      }),
    );
    await store.addManySpans(spans);
    const all = (await store.querySpans(started.rollout_id, { sortBy: null })).items;
    for (let i = 0; i < 300; i++) {
      const attemptId = r.pick([null, ...attempts]);
      const options: QuerySpansOptions = {
        attemptId,
        traceId: r.maybe(() => r.pick(['t1', 't2', 't3'])) ?? null,
        spanIdContains: r.maybe(() => r.pick(['-a-', '-b-', '1'])) ?? null,
        parentId: r.maybe(() => r.pick(['span-a-1', 'nope'])) ?? null,
        parentIdContains: r.maybe(() => r.pick(['span', 'b-'])) ?? null,
        name: r.maybe(() => r.pick(['root', 'tool'])) ?? null,
        nameContains: r.maybe(() => r.pick(['.', 'oo', 'R'])) ?? null,
        filterLogic: r.pick(['and', 'or'] as const),
        sortBy: r.pick(SPAN_SORTS),
        sortOrder: r.pick(['asc', 'desc'] as const),
        limit: r.pick([-1, 3, 10]),
        offset: r.pick([0, 1, 30]),
      };
      const expected = runListQuery(spansQuery(started.rollout_id, attemptId, options), all);
      const actual = await store.querySpans(started.rollout_id, options);
      expect({ options, ids: actual.items.map((s) => s.span_id), total: actual.total }).toEqual({
        options,
        ids: expected.items.map((s) => s.span_id),
        total: expected.total,
      });
    }
  });
});
