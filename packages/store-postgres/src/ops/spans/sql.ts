import type { Span } from '@agl/types';
import { Params } from '../../query/compile';
import { encodeJson } from '../../sql/json';
import type { Statement } from '../pending-writes';
import { PROMOTED_STATUS, type SpanRules } from './rules';

/** The spans of one (rollout, attempt) pair of one call, in input order, and their highest sequence id. */
export interface SpanGroup {
  /** Which call of the statement the group belongs to (0, 1, ...). */
  readonly call: number;
  /** The rollout. */
  readonly rolloutId: string;
  /** The attempt. */
  readonly attemptId: string;
  /** The highest `sequence_id` of the group. */
  readonly top: number;
  /** The spans. */
  readonly spans: readonly Span[];
}

/**
 * The set-returning function that cuts the newline-joined span bodies into
 * rows: `string_to_table` (PostgreSQL 14 and later) copies each body once;
 * `regexp_split_to_table` (every version) costs more per byte but still far
 * less than building an array of the bodies. See `bodySplitFor`.
 */
export type BodySplit = 'string_to_table' | 'regexp_split_to_table';

/**
 * The body split a server supports best.
 *
 * @param serverVersionNum - the server's `server_version_num` (140000 for 14.0)
 */
export function bodySplitFor(serverVersionNum: number): BodySplit {
  return serverVersionNum >= 140000 ? 'string_to_table' : 'regexp_split_to_table';
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const time = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * The single statement that stores the span groups of one or more calls, run
 * on its own (autocommit) or in a transaction, with the same outcome for each
 * call as its steps done one after another, calls in order:
 *
 * 1. `found`/`stop`: in each call, the first group whose rollout or attempt
 *    does not exist stops that call; only the call's groups before it are
 *    stored (`live`);
 * 2. `counters`: the sequence counters of the groups up to and including
 *    that one are raised to their highest `sequence_id`;
 * 3. `fresh`: the spans are inserted in one multi-row insert, duplicates
 *    skipped by the primary key (a span two calls both carry is stored once,
 *    and the caller credits it to the first) when `skipDuplicates` is set;
 *    without it a duplicate fails the statement with a unique violation
 *    (23505) and nothing is written, so that the caller can run it again with
 *    duplicates skipped (see `SpanConflict`): a plain insert costs PostgreSQL
 *    less than `ON CONFLICT DO NOTHING`, which probes the key before every row
 *    and takes and confirms a speculative insertion lock; the span JSON bodies travel as
 *    one text joined by newlines, which JSON text never contains, instead of
 *    an array PostgreSQL would have to unescape, and are cut into rows by a
 *    set-returning function (`split`) zipped with the other columns, never
 *    built into an array (which copies and clears every byte again);
 * 4. `promoted`: when a group with new spans is its rollout's latest attempt
 *    and the rollout's status is promotable, the rollout becomes `running`;
 * 5. `beaten`: the attempts of groups with new spans get their heartbeat.
 *
 * Steps 4 and 5 are conditional updates, so PostgreSQL re-evaluates them on
 * the latest committed row after waiting for any concurrent writer: no
 * explicit row lock is needed, and spans never wait for the rollout row
 * unless they promote it. Locks are taken in the order counters (in rollout
 * id order), rollouts, attempts (each step reads the previous one), so span
 * statements never deadlock with each other or with the transactions
 * (rollouts, then attempts).
 *
 * Returns the keys of the new spans, plus one row per stopped call (`span_id`
 * null, `has_rollout` set, `call`) naming the group that stopped it.
 *
 * @param partition - the store's partition
 * @param groups - the groups, call by call, in order of first appearance
 * @param rules - the tabulated span rules
 * @param split - the function that cuts the joined bodies into rows
 * @param skipDuplicates - skip spans already stored instead of failing on them
 */
export function addSpansSql(
  partition: string,
  groups: readonly SpanGroup[],
  rules: SpanRules,
  split: BodySplit,
  skipDuplicates: boolean,
): Statement {
  const params = new Params();
  const p = params.add(partition);
  const rollouts = params.add(groups.map((g) => g.rolloutId));
  const attempts = params.add(groups.map((g) => g.attemptId));
  const tops = params.add(groups.map((g) => g.top));
  const calls = params.add(groups.map((g) => g.call));
  const spans = groups.flatMap((g, i) => g.spans.map((span) => ({ span, group: i + 1 })));
  const column = (pick: (span: Span) => unknown) => params.add(spans.map((s) => pick(s.span)));
  const spanColumns = [
    `unnest(${params.add(spans.map((s) => s.group))}::int8[])`,
    `unnest(${column((s) => s.rollout_id)}::text[])`,
    `unnest(${column((s) => s.attempt_id)}::text[])`,
    `unnest(${column((s) => s.span_id)}::text[])`,
    `unnest(${column((s) => s.sequence_id)}::int8[])`,
    `unnest(${column((s) => text(s.trace_id))}::text[])`,
    `unnest(${column((s) => text(s.parent_id))}::text[])`,
    `unnest(${column((s) => text(s.name))}::text[])`,
    `unnest(${column((s) => time(s.start_time))}::float8[])`,
    `unnest(${column((s) => time(s.end_time))}::float8[])`,
    `${split}(${params.add(spans.map((s) => encodeJson(s.span, 'span')).join('\n'))}, E'\\n')`,
  ].join(', ');
  const fresh = `EXISTS (SELECT 1 FROM fresh x
      WHERE x.rollout_id = f.rollout_id AND x.attempt_id = f.attempt_id)`;
  return {
    text: `WITH g AS (
        SELECT * FROM unnest(${rollouts}::text[], ${attempts}::text[], ${tops}::int8[],
            ${calls}::int4[]) WITH ORDINALITY AS g(rollout_id, attempt_id, top, call, idx)),
      found AS (
        SELECT g.*, r.rollout_id IS NOT NULL AS has_rollout, a.sequence_id FROM g
          LEFT JOIN agl_rollouts r ON r.partition = ${p}
           AND r.rollout_id = ANY(${rollouts}::text[]) AND r.rollout_id = g.rollout_id
          LEFT JOIN agl_attempts a ON a.partition = ${p}
           AND a.rollout_id = ANY(${rollouts}::text[]) AND a.attempt_id = ANY(${attempts}::text[])
           AND a.rollout_id = g.rollout_id AND a.attempt_id = g.attempt_id),
      stop AS (
        SELECT call, COALESCE(min(idx) FILTER (WHERE sequence_id IS NULL), 9223372036854775807)
            AS idx FROM found GROUP BY call),
      ok AS (
        SELECT f.*, f.idx < s.idx AS live, f.idx <= s.idx AS counted, f.idx = s.idx AS failed
          FROM found f JOIN stop s ON s.call = f.call),
      counters AS (
        INSERT INTO agl_span_sequences AS c (partition, rollout_id, value)
        SELECT ${p}, f.rollout_id, GREATEST(max(f.top), 0) FROM ok f
         WHERE f.counted GROUP BY f.rollout_id ORDER BY f.rollout_id
        ON CONFLICT (partition, rollout_id) DO UPDATE SET value = GREATEST(c.value, EXCLUDED.value)
        RETURNING 1),
      fresh AS (
        INSERT INTO agl_spans (partition, rollout_id, attempt_id, span_id, sequence_id, trace_id,
            parent_id, name, start_time, end_time, body)
        SELECT ${p}, s.rollout_id, s.attempt_id, s.span_id, s.sequence_id, s.trace_id, s.parent_id,
            s.name, s.start_time, s.end_time, s.body
          FROM ROWS FROM (${spanColumns}) AS s(grp, rollout_id, attempt_id, span_id, sequence_id,
              trace_id, parent_id, name, start_time, end_time, body)
          JOIN ok ON ok.idx = s.grp AND ok.live
         WHERE (SELECT count(*) FROM counters) >= 0
        ${skipDuplicates ? 'ON CONFLICT DO NOTHING' : ''}
        RETURNING rollout_id, attempt_id, span_id),
      promoted AS (
        UPDATE agl_rollouts r
           SET status = ${params.add(PROMOTED_STATUS)},
               end_time = COALESCE(${params.add(rules.promotedEndTime)}::float8, r.end_time)
          FROM ok f
         WHERE r.partition = ${p} AND r.rollout_id = ANY(${rollouts}::text[])
           AND r.rollout_id = f.rollout_id AND f.live
           AND r.attempt_count = f.sequence_id AND r.status = ANY(${params.add(rules.promotable)}::text[])
           AND ${fresh}
        RETURNING r.rollout_id),
      beaten AS (
        UPDATE agl_attempts a
           SET (status, last_heartbeat_time) = (
               SELECT COALESCE(h.status, a.status), h.beat
                 FROM unnest(${params.add(rules.heartbeatFrom)}::text[],
                     ${params.add(rules.heartbeatStatus)}::text[],
                     ${params.add(rules.heartbeatTime)}::float8[]) AS h(prev, status, beat)
                WHERE h.prev = a.status)
          FROM ok f
         WHERE a.partition = ${p} AND a.rollout_id = ANY(${rollouts}::text[])
           AND a.attempt_id = ANY(${attempts}::text[])
           AND a.rollout_id = f.rollout_id AND a.attempt_id = f.attempt_id AND f.live
           AND ${fresh} AND (SELECT count(*) FROM promoted) >= 0)
      SELECT x.rollout_id, x.attempt_id, x.span_id, NULL::bool AS has_rollout, NULL::int4 AS call
        FROM fresh x
      UNION ALL
      SELECT f.rollout_id, f.attempt_id, NULL, f.has_rollout, f.call FROM ok f WHERE f.failed`,
    values: params.values,
  };
}
