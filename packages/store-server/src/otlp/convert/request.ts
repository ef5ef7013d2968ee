import type { Logger } from '@agl/store-core';
import type { OtelResource, Span } from '@agl/types';
import { attributesToRecord } from '../any-value';
import {
  ATTEMPT_ID_KEY,
  attributeSpan,
  ROLLOUT_ID_KEY,
  SPAN_SEQUENCE_ID_KEY,
} from '../attribution';
import type { OtlpTraceRequest } from '../model';
import { convertSpan } from './span';

/** The spans of one request, converted, in request order. */
export interface ConvertedRequest {
  /** The converted spans; `sequence_id` is `-1` where `needsSequenceId` is true. */
  readonly spans: Span[];
  /** For each span, whether it still needs a sequence id allocated. */
  readonly needsSequenceId: boolean[];
  /** How many spans were skipped for lacking a rollout or attempt id. */
  readonly skipped: number;
}

/**
 * Converts every span of a request into a store span, attributing each one
 * to a rollout and attempt (span attributes override resource attributes).
 * Spans without a rollout or attempt id are skipped with a warning; a
 * sequence id that cannot be used is reported (a warning when unparsable,
 * an error when negative) and left to be allocated.
 *
 * @param request - the decoded request
 * @param logger - receives the warnings and errors
 */
export function convertTraceRequest(request: OtlpTraceRequest, logger: Logger): ConvertedRequest {
  const spans: Span[] = [];
  const needsSequenceId: boolean[] = [];
  let skipped = 0;
  for (const resourceSpans of request.resourceSpans) {
    const resource: OtelResource = {
      attributes: attributesToRecord(resourceSpans.resourceAttributes),
      schema_url: resourceSpans.schemaUrl,
    };
    for (const { spans: scopeSpans } of resourceSpans.scopeSpans) {
      for (const span of scopeSpans) {
        const where = () => `OTLP span ${JSON.stringify(span.name)} (span id '${span.spanId}')`;
        const { rolloutId, attemptId, sequenceId } = attributeSpan(
          span.attributes,
          resourceSpans.resourceAttributes,
        );
        if (rolloutId === undefined || attemptId === undefined) {
          const missing = rolloutId === undefined ? ROLLOUT_ID_KEY : ATTEMPT_ID_KEY;
          logger.warn(`${where()} skipped: no ${missing} attribute on the span or its resource`);
          skipped++;
          continue;
        }
        if (sequenceId.status === 'unparsable') {
          logger.warn(
            `${where()}: ${SPAN_SEQUENCE_ID_KEY} ${JSON.stringify(sequenceId.raw)} is not an integer; allocating one`,
          );
        } else if (sequenceId.status === 'negative') {
          logger.error(
            `${where()}: ${SPAN_SEQUENCE_ID_KEY} ${JSON.stringify(sequenceId.raw)} is negative; allocating one`,
          );
        }
        const known = sequenceId.status === 'ok';
        spans.push(
          convertSpan(span, {
            rolloutId,
            attemptId,
            sequenceId: known ? sequenceId.value : -1,
            resource,
          }),
        );
        needsSequenceId.push(!known);
      }
    }
  }
  return { spans, needsSequenceId, skipped };
}
