import { InternalStoreError, InvalidArgumentError } from '@agl/store-core';
import {
  type ListQuery,
  noteJsonText,
  runListQuery,
  toByteCount,
  utf8ByteLength,
} from '@agl/store-core/backend';
import type { PaginatedResult, Span } from '@agl/types';

/**
 * A stored span, kept compactly: the span's JSON text (a one-byte string for
 * ASCII data, so about its UTF-8 size in memory) plus the scalar fields
 * queries filter and sort on.
 */
interface SpanRecord {
  /** The span as JSON; parsed on the way out, which also makes the copy. */
  readonly json: string;
  /** Accounted size in bytes. */
  readonly bytes: number;
  /** Wire field. */
  readonly rollout_id: string;
  /** Wire field. */
  readonly attempt_id: string;
  /** Wire field. */
  readonly sequence_id: number;
  /** Wire field. */
  readonly trace_id: string;
  /** Wire field. */
  readonly span_id: string;
  /** Wire field. */
  readonly parent_id: string | null;
  /** Wire field. */
  readonly name: string;
  /** Wire field. */
  readonly start_time: number | null;
  /** Wire field. */
  readonly end_time: number | null;
}

/** The spans of one rollout. */
export interface RolloutSpans {
  /** The rollout id, one string shared by every record. */
  readonly rolloutId: string;
  /** Spans in insertion order. */
  readonly records: SpanRecord[];
  /** The span ids stored, per attempt id (duplicate check). */
  readonly attempts: Map<string, AttemptSpans>;
  /** Accounted bytes of the stored spans. */
  bytes: number;
}

/**
 * The span ids of one attempt. The sets hold the records' own `span_id`
 * strings and the records share `attemptId`, so a stored span costs no key
 * string of its own and keeps no copy of its rollout and attempt ids.
 */
interface AttemptSpans {
  /** The attempt id, one string shared by every record. */
  readonly attemptId: string;
  /** Span ids stored for the attempt. */
  readonly spanIds: Set<string>;
}

function serialize(span: Span): string {
  try {
    return JSON.stringify(span);
  } catch (error) {
    throw new InvalidArgumentError('The span cannot be serialised to JSON', { cause: error });
  }
}

function estimate(estimator: (span: Span) => number, span: Span): number {
  try {
    return toByteCount(estimator(span));
  } catch (error) {
    throw new InternalStoreError('The span size estimator failed', { cause: error });
  }
}

/** Spans grouped by rollout, with memory accounting and the evicted set. */
export class SpanStore {
  readonly #byRollout = new Map<string, RolloutSpans>();
  readonly #evicted = new Set<string>();
  #totalBytes = 0;
  #storedEver = 0;

  /** Current accounted bytes of all stored spans. */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** Number of spans ever stored (eviction does not decrease it). */
  get storedEver(): number {
    return this.#storedEver;
  }

  /** Rollouts currently holding spans, with their spans. */
  get rollouts(): ReadonlyMap<string, RolloutSpans> {
    return this.#byRollout;
  }

  /**
   * Whether spans of a rollout were ever evicted.
   *
   * @param rolloutId - the rollout
   */
  isEvicted(rolloutId: string): boolean {
    return this.#evicted.has(rolloutId);
  }

  /**
   * Whether a span with this identity is stored.
   *
   * @param rolloutId - rollout
   * @param attemptId - attempt
   * @param spanId - span id
   */
  has(rolloutId: string, attemptId: string, spanId: string): boolean {
    return this.#byRollout.get(rolloutId)?.attempts.get(attemptId)?.spanIds.has(spanId) ?? false;
  }

  /**
   * Stores new spans (the caller checked for duplicates) and accounts their
   * bytes. Every span is serialised and sized before any is stored, so a span
   * that cannot be serialised (or an estimator that throws) stores nothing.
   *
   * @param spans - the spans
   * @param estimator - custom size estimator (default: UTF-8 bytes of the JSON)
   * @throws InvalidArgumentError for a span that is not JSON; InternalStoreError when the estimator throws
   */
  insertMany(spans: readonly Span[], estimator?: (span: Span) => number): void {
    const prepared = spans.map((span) => {
      const json = serialize(span);
      if (estimator) {
        noteJsonText(span, json);
        return { span, json, bytes: estimate(estimator, span) };
      }
      const bytes = utf8ByteLength(json);
      // A server answering with this very span can send this text as it is,
      // with this count as its length.
      noteJsonText(span, json, bytes);
      return { span, json, bytes };
    });
    for (const { span, json, bytes } of prepared) this.#insert(span, json, bytes);
  }

  #insert(span: Span, json: string, bytes: number): void {
    let group = this.#byRollout.get(span.rollout_id);
    if (!group) {
      group = { rolloutId: span.rollout_id, records: [], attempts: new Map(), bytes: 0 };
      this.#byRollout.set(span.rollout_id, group);
    }
    let attempt = group.attempts.get(span.attempt_id);
    if (!attempt) {
      attempt = { attemptId: span.attempt_id, spanIds: new Set() };
      group.attempts.set(span.attempt_id, attempt);
    }
    // Spans of one rollout mostly repeat their neighbour's name and trace id:
    // keeping the neighbour's string keeps one string per rollout, not per span.
    const last = group.records[group.records.length - 1];
    group.records.push({
      json,
      bytes,
      rollout_id: group.rolloutId,
      attempt_id: attempt.attemptId,
      sequence_id: span.sequence_id,
      trace_id:
        last !== undefined && last.trace_id === span.trace_id ? last.trace_id : span.trace_id,
      span_id: span.span_id,
      parent_id: span.parent_id,
      name: last !== undefined && last.name === span.name ? last.name : span.name,
      start_time: span.start_time,
      end_time: span.end_time,
    });
    attempt.spanIds.add(span.span_id);
    group.bytes += bytes;
    this.#totalBytes += bytes;
    this.#storedEver++;
  }

  /**
   * Deletes every span of a rollout; marks it evicted when bytes were freed.
   *
   * @param rolloutId - the rollout
   * @returns the bytes freed
   */
  evictRollout(rolloutId: string): number {
    const group = this.#byRollout.get(rolloutId);
    if (!group) return 0;
    this.#byRollout.delete(rolloutId);
    this.#totalBytes -= group.bytes;
    if (group.bytes > 0) this.#evicted.add(rolloutId);
    return group.bytes;
  }

  /**
   * The spans of a rollout in insertion order, parsed (fresh copies).
   *
   * @param rolloutId - the rollout
   */
  list(rolloutId: string): Span[] {
    const records = this.#byRollout.get(rolloutId)?.records ?? [];
    return records.map((record) => JSON.parse(record.json) as Span);
  }

  /**
   * Runs a span query over one rollout's spans; returns parsed copies.
   *
   * @param rolloutId - the rollout
   * @param query - the normalised query (its must group names the rollout and attempt)
   */
  query(rolloutId: string, query: ListQuery): PaginatedResult<Span> {
    const records = this.#byRollout.get(rolloutId)?.records ?? [];
    return runListQuery<SpanRecord, Span>(query, records, {
      map: (record) => JSON.parse(record.json) as Span,
    });
  }
}
