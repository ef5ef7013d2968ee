import { makeSpan } from '@agl/store-core/testing';
import type { WireSpan } from '../src/core/wire';

let sequence = 0;

/** What {@link wireSpan} may set beyond the id, parent and start. */
export interface WireSpanInit {
  /** End, epoch seconds (default one second after `start`, or `null` without one). */
  end?: number | null;
  /** Span name (default the id). */
  name?: string;
  /** Whether the status is `ERROR` (default `UNSET`). */
  error?: boolean;
}

/**
 * A span of rollout `ro`, attempt `at` and trace `t` for the span tree and row
 * tests: the contract suite's `makeSpan` with the tree's fields set and a
 * fresh sequence id.
 *
 * @param id - the span id
 * @param parent - the parent span id, or `null` for a root
 * @param start - start, epoch seconds, or `null`
 * @param init - end, name and error status
 */
export function wireSpan(
  id: string,
  parent: string | null,
  start: number | null,
  init: WireSpanInit = {},
): WireSpan {
  const { end = start === null ? null : start + 1, name = id, error = false } = init;
  sequence += 1;
  return makeSpan('ro', 'at', {
    sequence_id: sequence,
    trace_id: 't',
    span_id: id,
    parent_id: parent,
    name,
    status: { status_code: error ? 'ERROR' : 'UNSET', description: null },
    start_time: start,
    end_time: end,
  });
}
