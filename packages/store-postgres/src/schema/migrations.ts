/**
 * The versioned schema. Every table carries a `partition` column, first in
 * its primary key and in every index, so stores with different partitions
 * share one database without seeing each other's rows. Columns that
 * queries filter or sort on are real columns named like their wire field;
 * object-valued fields are JSON text (kept verbatim, extra span keys included).
 *
 * Never edit a released migration: append a new one.
 *
 * @module
 */

/** One schema step. */
export interface Migration {
  /** Strictly increasing version number. */
  readonly version: number;
  /** Short description, stored in the migrations table. */
  readonly name: string;
  /** The statements, run in one transaction. */
  readonly statements: readonly string[];
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'rollouts, attempts, workers, resources, spans, sequence counters',
    statements: [
      `CREATE SEQUENCE agl_queue_seq`,
      `CREATE SEQUENCE agl_resources_touch_seq`,
      `CREATE TABLE agl_rollouts (
        partition text NOT NULL,
        rollout_id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        input text,
        start_time float8 NOT NULL,
        end_time float8,
        mode text,
        resources_id text,
        status text NOT NULL,
        config text NOT NULL,
        timeout_seconds float8,
        unresponsive_seconds float8,
        metadata text,
        attempt_count integer NOT NULL DEFAULT 0,
        queue_seq bigint,
        PRIMARY KEY (partition, rollout_id)
      )`,
      `CREATE INDEX agl_rollouts_natural ON agl_rollouts (partition, seq)`,
      `CREATE INDEX agl_rollouts_status ON agl_rollouts (partition, status, seq)`,
      `CREATE INDEX agl_rollouts_queue ON agl_rollouts (partition, queue_seq)
        WHERE queue_seq IS NOT NULL`,
      `CREATE INDEX agl_rollouts_watched ON agl_rollouts (partition, rollout_id)
        WHERE status IN ('preparing', 'running')
          AND (timeout_seconds IS NOT NULL OR unresponsive_seconds IS NOT NULL)`,
      `CREATE TABLE agl_attempts (
        partition text NOT NULL,
        rollout_id text NOT NULL,
        attempt_id text NOT NULL,
        sequence_id integer NOT NULL,
        start_time float8 NOT NULL,
        end_time float8,
        status text NOT NULL,
        worker_id text,
        last_heartbeat_time float8,
        metadata text,
        PRIMARY KEY (partition, rollout_id, sequence_id),
        UNIQUE (partition, rollout_id, attempt_id)
      )`,
      `CREATE INDEX agl_attempts_worker ON agl_attempts (partition, worker_id)`,
      `CREATE TABLE agl_workers (
        partition text NOT NULL,
        worker_id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        status text NOT NULL DEFAULT 'unknown',
        heartbeat_stats text,
        last_heartbeat_time float8,
        last_dequeue_time float8,
        last_busy_time float8,
        last_idle_time float8,
        current_rollout_id text,
        current_attempt_id text,
        PRIMARY KEY (partition, worker_id)
      )`,
      `CREATE INDEX agl_workers_natural ON agl_workers (partition, seq)`,
      `CREATE INDEX agl_workers_status ON agl_workers (partition, status, seq)`,
      `CREATE TABLE agl_resources (
        partition text NOT NULL,
        resources_id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        touch_seq bigint NOT NULL,
        create_time float8 NOT NULL,
        update_time float8 NOT NULL,
        version integer NOT NULL,
        resources text NOT NULL,
        PRIMARY KEY (partition, resources_id)
      )`,
      `CREATE INDEX agl_resources_natural ON agl_resources (partition, seq)`,
      `CREATE INDEX agl_resources_latest ON agl_resources (partition, touch_seq)`,
      `CREATE TABLE agl_spans (
        partition text NOT NULL,
        rollout_id text NOT NULL,
        attempt_id text NOT NULL,
        span_id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        sequence_id bigint NOT NULL,
        trace_id text,
        parent_id text,
        name text,
        start_time float8,
        end_time float8,
        body text NOT NULL,
        PRIMARY KEY (partition, rollout_id, attempt_id, span_id)
      )`,
      `CREATE INDEX agl_spans_sequence ON agl_spans (partition, rollout_id, sequence_id, seq)`,
      `CREATE INDEX agl_spans_attempt ON agl_spans (partition, rollout_id, attempt_id, sequence_id)`,
      `CREATE TABLE agl_span_sequences (
        partition text NOT NULL,
        rollout_id text NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (partition, rollout_id)
      )`,
    ],
  },
  {
    version: 2,
    name: 'cheaper writes: HOT worker updates, lz4 span bodies',
    statements: [
      // A worker row changes on every claim and every finished attempt. Without an
      // index on its status those updates are HOT (no index entries, dead versions
      // pruned in place), which the room a lower fillfactor leaves makes possible.
      // Status filters of queryWorkers read the partition's few workers instead.
      `DROP INDEX agl_workers_status`,
      `ALTER TABLE agl_workers SET (fillfactor = 50)`,
      `ALTER TABLE agl_span_sequences SET (fillfactor = 70)`,
      `ALTER TABLE agl_attempts SET (fillfactor = 80)`,
      // lz4 compresses span bodies several times faster than the default pglz.
      // Servers built without lz4 (and PostgreSQL 12, 13) keep pglz.
      `DO $$ BEGIN
        EXECUTE 'ALTER TABLE agl_spans ALTER COLUMN body SET COMPRESSION lz4';
      EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
        NULL;
      END $$`,
    ],
  },
  {
    version: 3,
    name: 'idempotency keys remembered with the write they protect',
    statements: [
      `CREATE TABLE agl_idempotency (
        partition text NOT NULL,
        key text NOT NULL,
        result text NOT NULL,
        expires_at float8 NOT NULL,
        PRIMARY KEY (partition, key)
      )`,
      `CREATE INDEX agl_idempotency_expiry ON agl_idempotency (partition, expires_at)`,
    ],
  },
  {
    version: 4,
    name: 'spans: no index on (rollout, attempt, sequence id)',
    statements: [
      // Every stored span paid an entry in this index, yet it served no query
      // better than the primary key (partition, rollout_id, attempt_id, span_id):
      // without seq it cannot give querySpans' order (sequence_id, seq), so the
      // plans read all of the attempt's spans and sort either way, and the
      // attempt's count is an index-only scan of the key as well.
      `DROP INDEX IF EXISTS agl_spans_attempt`,
    ],
  },
];
