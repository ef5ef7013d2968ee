import { NotFoundError, type StoreError } from '@agl/store-core';
import { checkSpanShape } from '@agl/store-core/backend';
import type { Span } from '@agl/types';
import { attemptKey } from '../../rows';
import type { RecordCodec } from '../../runner';
import type { SqlExecutor } from '../../sql/client';
import { spanRules } from './rules';
import { addSpansSql, type BodySplit, type SpanGroup } from './sql';

/** What `addManySpans` did; `failure` is thrown by the caller (the stored spans stay stored). */
export interface AddSpansResult {
  /** The spans newly stored, group by group. */
  readonly stored: Span[];
  /** The unknown rollout or attempt that stopped the call, if any. */
  readonly failure: StoreError | undefined;
}

const spanKey = (rolloutId: unknown, attemptId: unknown, spanId: unknown): string =>
  `${attemptKey(String(rolloutId), String(attemptId))}\u0000${String(spanId)}`;

/**
 * A span of the statement was already stored (or carried twice): the plain
 * insert failed and wrote nothing; the caller runs its write again with
 * duplicates skipped.
 */
export class SpanConflict extends Error {
  constructor(options: { cause: unknown }) {
    super('A span was already stored; the write runs again with duplicates skipped.', options);
    this.name = 'SpanConflict';
  }
}

/**
 * Whether an error (as thrown, or wrapped by the transaction runner) is a
 * `SpanConflict`.
 *
 * @param error - the error
 */
export function isSpanConflict(error: unknown): boolean {
  return (
    error instanceof SpanConflict || (error instanceof Error && error.cause instanceof SpanConflict)
  );
}

/** Spans of one call grouped by (rollout, attempt) in order of first appearance. */
function groupSpans(spans: readonly Span[], call: number): SpanGroup[] {
  const groups = new Map<string, { rolloutId: string; attemptId: string; spans: Span[] }>();
  for (const span of spans) {
    const key = attemptKey(span.rollout_id, span.attempt_id);
    const group = groups.get(key);
    if (group) group.spans.push(span);
    else groups.set(key, { rolloutId: span.rollout_id, attemptId: span.attempt_id, spans: [span] });
  }
  return [...groups.values()].map((group) => ({
    ...group,
    call,
    top: Math.max(...group.spans.map((s) => s.sequence_id)),
  }));
}

/**
 * Checks the spans of one call before they are stored.
 *
 * @param spans - the spans
 * @throws InvalidArgumentError for a span of the wrong shape
 */
export function checkSpans(spans: readonly Span[]): void {
  for (const span of spans) checkSpanShape(span, { safeSequenceId: true });
}

/**
 * Stores the spans of one or more calls (each checked with `checkSpans`) in
 * ONE statement whatever their size (`addSpansSql`): counters raised, spans
 * inserted with duplicates skipped, heartbeats (shared `applySpanHeartbeat`)
 * and rollout promotions (shared `spanPromotesRollout`) applied to the groups
 * that got new spans. The outcome is that of running the calls one after
 * another: at the first group whose rollout or attempt is unknown a call
 * stops (its counter is still raised, its earlier groups stay stored, and
 * the error is returned as its `failure`), and a span carried by two calls is
 * stored by (and reported to) the first.
 *
 * @param sql - a connection or transaction
 * @param partition - the store's partition
 * @param now - the operation's time
 * @param calls - the spans of each call
 * @param split - how the statement cuts the span bodies into rows (`bodySplitFor`)
 * @param skipDuplicates - skip spans already stored; without it a duplicate
 *   throws `SpanConflict` and nothing is written (the cheaper statement)
 * @returns each call's result, in order
 * @throws SpanConflict when `skipDuplicates` is false and a span is already stored or carried twice
 */
export async function addSpanCalls(
  sql: SqlExecutor,
  partition: string,
  now: number,
  calls: readonly (readonly Span[])[],
  split: BodySplit,
  skipDuplicates: boolean,
): Promise<AddSpansResult[]> {
  const perCall = calls.map((spans, call) => groupSpans(spans, call));
  const groups = perCall.flat();
  if (groups.length === 0) return calls.map(() => ({ stored: [], failure: undefined }));
  const statement = addSpansSql(partition, groups, spanRules(now), split, skipDuplicates);
  // The only unique violation the statement can raise is a span's key (the
  // counters are upserted).
  const rows = await sql.query(statement.text, statement.values).catch((error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === '23505')
      throw new SpanConflict({ cause: error });
    throw error;
  });
  const inserted = new Set<string>();
  const failures = new Map<number, StoreError>();
  for (const row of rows) {
    if (row.span_id !== null) inserted.add(spanKey(row.rollout_id, row.attempt_id, row.span_id));
    else if (row.has_rollout === true) {
      failures.set(
        Number(row.call),
        new NotFoundError(
          `Attempt ${String(row.attempt_id)} not found for rollout ${String(row.rollout_id)}`,
        ),
      );
    } else {
      failures.set(
        Number(row.call),
        new NotFoundError(`Rollout ${String(row.rollout_id)} not found`),
      );
    }
  }
  // Group by group, as the spans were stored.
  return perCall.map((callGroups, call) => {
    const stored: Span[] = [];
    for (const group of callGroups) {
      for (const span of group.spans) {
        if (inserted.delete(spanKey(span.rollout_id, span.attempt_id, span.span_id))) {
          stored.push(span);
        }
      }
    }
    return { stored, failure: failures.get(call) };
  });
}

/** The recorded form of a stored batch: the keys of the spans stored, in order. */
interface RecordedKeys {
  readonly stored_keys: readonly (readonly [string, string, string])[];
}

/**
 * How `addManySpans` results are remembered under an idempotency key: only
 * the keys of the spans the call stored, not the spans again (their bodies
 * are in `agl_spans`, which never changes a stored span), so a batch's text
 * travels to the database and is written once. A replay reads the bodies back
 * in the recorded order. A result with a failure is not recorded (a retry
 * runs again), and a record holding the spans themselves (`stored`, as
 * earlier versions wrote them) is replayed as it is.
 *
 * @param partition - the store's partition
 */
export function spansRecord(partition: string): RecordCodec<AddSpansResult> {
  return {
    encode(result: AddSpansResult): string | undefined {
      if (result.failure) return undefined;
      const keys: RecordedKeys = {
        stored_keys: result.stored.map((s) => [s.rollout_id, s.attempt_id, s.span_id] as const),
      };
      return JSON.stringify(keys);
    },
    async decode(sql: SqlExecutor, recorded: unknown): Promise<AddSpansResult> {
      const value = recorded as Partial<RecordedKeys> & { stored?: Span[] };
      if (!Array.isArray(value.stored_keys))
        return { stored: value.stored ?? [], failure: undefined };
      const keys = value.stored_keys;
      const rows = await sql.query<{ body: string }>(
        `SELECT s.body FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY
          AS k(rollout_id, attempt_id, span_id, idx)
        JOIN agl_spans s ON s.partition = $1 AND s.rollout_id = k.rollout_id
         AND s.attempt_id = k.attempt_id AND s.span_id = k.span_id
       ORDER BY k.idx`,
        [partition, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
      );
      return { stored: rows.map((row) => JSON.parse(row.body) as Span), failure: undefined };
    },
  };
}
