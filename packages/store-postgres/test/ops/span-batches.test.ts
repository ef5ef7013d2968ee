import { InvalidArgumentError, NotFoundError } from '@agl/store-core';
import { isIdempotentReplay, runWithIdempotencyKey } from '@agl/store-core/backend';
import { makeSpan } from '@agl/store-core/testing';
import { describe, expect, inject, it } from 'vitest';
import { deletePartition, PostgresLightningStore } from '../../src/index';
import { uniquePartition } from '../support/database';
import { sqlEngines } from '../support/engines';

// Span calls issued in the same turn are written together (group commit); each
// must get what it would have got alone. On embedded PGlite and, when one is
// reachable (AGL_TEST_DATABASE_URL), a PostgreSQL server (pipelined); one store per test.
const url = inject('pgUrl');
const engines = sqlEngines(url, 4);

describe.each(engines)('span writes of concurrent calls on $engine', ({ useClient, skip }) => {
  const client = useClient();

  async function open() {
    const store = await PostgresLightningStore.open({
      client: client(),
      partition: uniquePartition('batch'),
      watchdogIntervalSeconds: null,
    });
    const started = await store.startRollout({ task: 1 });
    return {
      store,
      rolloutId: started.rollout_id,
      attemptId: started.attempt.attempt_id,
      close: () => store.close().then(() => deletePartition(client(), store.partition)),
    };
  }

  describe.skipIf(skip)('calls issued together', () => {
    it('each call stops at its own unknown rollout and a shared span goes to the first call', async () => {
      const { store, rolloutId, attemptId, close } = await open();
      const a = makeSpan(rolloutId, attemptId, { sequence_id: 1 });
      const b = makeSpan(rolloutId, attemptId, { sequence_id: 2 });
      const [first, unknown, second, shared] = await Promise.allSettled([
        store.addManySpans([a]),
        store.addManySpans([makeSpan('ro-unknown', 'at-unknown')]),
        store.addManySpans([b, makeSpan('ro-unknown', 'at-unknown')]),
        store.addManySpans([a]),
      ]);
      expect(first).toEqual({ status: 'fulfilled', value: [a] });
      expect(unknown.status === 'rejected' && unknown.reason).toBeInstanceOf(NotFoundError);
      // The third call stored its first span before stopping at the unknown rollout.
      expect(second.status === 'rejected' && second.reason).toBeInstanceOf(NotFoundError);
      expect(shared).toEqual({ status: 'fulfilled', value: [] });
      const stored = await store.querySpans(rolloutId);
      expect(stored.items.map((s) => s.span_id).sort()).toEqual([a.span_id, b.span_id].sort());
      expect((await store.getRolloutById(rolloutId))?.status).toBe('running');
      await close();
    });

    it('a call PostgreSQL refuses fails alone', async () => {
      const { store, rolloutId, attemptId, close } = await open();
      const good = makeSpan(rolloutId, attemptId);
      const bad = makeSpan(rolloutId, attemptId, { name: 'NUL \u0000 in a column' });
      const [ok, refused] = await Promise.allSettled([
        store.addManySpans([good]),
        store.addManySpans([bad]),
      ]);
      expect(ok).toEqual({ status: 'fulfilled', value: [good] });
      expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(InvalidArgumentError);
      expect((await store.querySpans(rolloutId)).total).toBe(1);
      await close();
    });

    it('a repeated key answers with the spans of the first call, also when both run together', async () => {
      const { store, rolloutId, attemptId, close } = await open();
      const spans = [makeSpan(rolloutId, attemptId), makeSpan(rolloutId, attemptId)];
      const keyed = (key: string) =>
        runWithIdempotencyKey(key, 60, () => store.addManySpans(spans));
      const first = await keyed('k1');
      expect(first).toEqual(spans);
      // Without the key the same spans are duplicates; with it, the first answer again.
      expect(await store.addManySpans(spans)).toEqual([]);
      expect(await keyed('k1')).toEqual(spans);
      // The scope says it was a replay (metrics do not count it again), and the first was not.
      const replayFlags = await Promise.all(
        ['k1', 'k3'].map((key) =>
          runWithIdempotencyKey(key, 60, async () => {
            await store.addManySpans([makeSpan(rolloutId, attemptId)]);
            return isIdempotentReplay();
          }),
        ),
      );
      expect(replayFlags).toEqual([true, false]);
      const other = [makeSpan(rolloutId, attemptId)];
      const [x, y] = await Promise.all([
        runWithIdempotencyKey('k2', 60, () => store.addManySpans(other)),
        runWithIdempotencyKey('k2', 60, () => store.addManySpans(other)),
      ]);
      expect(x).toEqual(other);
      expect(y).toEqual(other);
      expect((await store.querySpans(rolloutId)).total).toBe(4);
      await close();
    });

    it('replays a record that holds the spans themselves, as earlier versions wrote them', async () => {
      const { store, rolloutId, attemptId, close } = await open();
      const span = makeSpan(rolloutId, attemptId);
      await client().query(
        `INSERT INTO agl_idempotency (partition, key, result, expires_at) VALUES ($1, $2, $3, $4)`,
        [store.partition, 'old', JSON.stringify({ stored: [span] }), Date.now() / 1000 + 60],
      );
      const replayed = await runWithIdempotencyKey('old', 60, () =>
        store.addManySpans([makeSpan(rolloutId, attemptId)]),
      );
      expect(replayed).toEqual([span]);
      expect((await store.querySpans(rolloutId)).total).toBe(0);
      await close();
    });
  });
});
