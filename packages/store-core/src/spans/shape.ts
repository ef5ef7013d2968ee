import type { Span } from '@agl/types';
import { InvalidArgumentError } from '../errors';

/** Options of `checkSpanShape`. */
export interface SpanShapeOptions {
  /** Also require `sequence_id` to be a safe integer (for backends storing it as a 64-bit float or bigint). */
  readonly safeSequenceId?: boolean;
}

/**
 * Checks the span fields a store relies on (full validation is the HTTP
 * server's job): string `rollout_id`, `attempt_id` and `span_id`, and an
 * integer `sequence_id`.
 *
 * @param span - the span
 * @param options - whether the sequence id must also be a safe integer
 * @throws InvalidArgumentError when an id or the sequence id is missing or of the wrong type
 */
export function checkSpanShape(span: Span, options: SpanShapeOptions = {}): void {
  const isSequenceId = options.safeSequenceId ? Number.isSafeInteger : Number.isInteger;
  if (
    typeof span !== 'object' ||
    span === null ||
    Array.isArray(span) ||
    typeof span.rollout_id !== 'string' ||
    typeof span.attempt_id !== 'string' ||
    typeof span.span_id !== 'string' ||
    !isSequenceId(span.sequence_id)
  ) {
    throw new InvalidArgumentError(
      'A span needs string rollout_id, attempt_id and span_id and an integer sequence_id',
    );
  }
}
