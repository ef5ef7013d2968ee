import type { LightningStore } from '../../store';
import { present } from '../assertions';
import { makeSpan } from '../builders';
import { rolloutWithAttempts } from '../scenarios';

/** Trace id of the first attempt's spans. */
export const T1 = '11111111111111111111111111111111';
/** Trace id of the second attempt's spans. */
export const T2 = '22222222222222222222222222222222';

/**
 * A rollout with two attempts and two spans each (a root and a child), plus a
 * decoy rollout whose span matches the same filters.
 *
 * @param store - the store
 */
export async function seedSpans(store: LightningStore) {
  const { rollout, attempts } = await rolloutWithAttempts(store, 2);
  const [first, second] = attempts.map((a) => a.attempt_id);
  const rid = rollout.rollout_id;
  const spans = {
    root1: makeSpan(rid, present(first), {
      trace_id: T1,
      span_id: 'aaaa000000000001',
      name: 'root',
      sequence_id: 1,
    }),
    llm: makeSpan(rid, present(first), {
      trace_id: T1,
      span_id: 'aaaa000000000002',
      parent_id: 'aaaa000000000001',
      name: 'openai.chat.completion',
      sequence_id: 2,
    }),
    root2: makeSpan(rid, present(second), {
      trace_id: T2,
      span_id: 'bbbb000000000003',
      name: 'root',
      sequence_id: 3,
    }),
    tool: makeSpan(rid, present(second), {
      trace_id: T2,
      span_id: 'bbbb000000000004',
      parent_id: 'bbbb000000000003',
      name: 'tool.call',
      sequence_id: 4,
    }),
  };
  await store.addManySpans(Object.values(spans));
  const decoy = await store.startRollout({});
  await store.addSpan(
    makeSpan(decoy.rollout_id, decoy.attempt.attempt_id, { trace_id: T1, name: 'root' }),
  );
  return { rid, first: present(first), second: present(second), spans };
}
