import type { SqlClient } from '../../src/sql/client';
import type { Acknowledged } from './workload';

/** Acknowledged writes the database does not have (each list empty when all are there). */
export interface MissingWrites {
  /** Claimed attempts (`rolloutId/attemptId`) not stored. */
  readonly claims: string[];
  /** Spans not stored. */
  readonly spans: string[];
  /** Attempts acknowledged as succeeded but not stored as such. */
  readonly succeeded: string[];
}

/**
 * Reads the partition back from the database and lists every acknowledged
 * write that is not there.
 *
 * @param db - the database
 * @param partition - the partition of the run
 * @param acked - what the servers acknowledged
 */
export async function findMissingWrites(
  db: SqlClient,
  partition: string,
  acked: Acknowledged,
): Promise<MissingWrites> {
  const attempts = await db.query<{ rollout_id: string; attempt_id: string; status: string }>(
    'SELECT rollout_id, attempt_id, status FROM agl_attempts WHERE partition = $1',
    [partition],
  );
  const spans = await db.query<{ rollout_id: string; attempt_id: string; span_id: string }>(
    'SELECT rollout_id, attempt_id, span_id FROM agl_spans WHERE partition = $1',
    [partition],
  );
  const stored = new Map(attempts.map((a) => [`${a.rollout_id}/${a.attempt_id}`, a.status]));
  const storedSpans = new Set(spans.map((s) => `${s.rollout_id}/${s.attempt_id}/${s.span_id}`));
  const claimed = [...acked.claims].flatMap(([rolloutId, ids]) =>
    ids.map((id) => `${rolloutId}/${id}`),
  );
  return {
    claims: claimed.filter((key) => !stored.has(key)),
    spans: [...acked.spans].filter((key) => !storedSpans.has(key)),
    succeeded: [...acked.succeeded].filter((key) => stored.get(key) !== 'succeeded'),
  };
}

/**
 * A copy of the acknowledged writes at this moment.
 *
 * @param acked - the live record
 */
export function snapshot(acked: Acknowledged): Acknowledged {
  return {
    claims: new Map([...acked.claims].map(([id, list]) => [id, [...list]])),
    spans: new Set(acked.spans),
    succeeded: new Set(acked.succeeded),
  };
}
