/**
 * The spans of one call record, laid out as the reference's proxy records them (so Python and
 * TypeScript adapters read them unchanged), plus the client-view span the default adapter reads.
 */
import type { Span } from '@agl/types';
import type { CallFacts } from './call-facts.js';
import { clientViewAttributes } from './client-view.js';
import { LLM_PROXY_SERVICE_NAME } from './constants.js';
import { litellmRequestAttributes, rawRequestAttributes } from './litellm-attributes.js';

/** Name of the root span. */
export const ROOT_SPAN_NAME = 'Received Proxy Server Request';
/** Name of the raw-request span. */
export const RAW_SPAN_NAME = 'raw_gen_ai_request';
/** Name of the failure span. */
export const FAILED_SPAN_NAME = 'Failed Proxy Server Request';

type Status = Span['status'];
type Attributes = Span['attributes'];

const HEX_DIGITS = '0123456789abcdef';

function hex(random: () => number, length: number): string {
  let out = '';
  let zero = true;
  for (let i = 0; i < length; i++) {
    const digit = Math.min(15, Math.floor(random() * 16));
    if (digit !== 0) zero = false;
    out += HEX_DIGITS[digit];
  }
  return zero ? `${out.slice(0, -1)}1` : out;
}

/** Random lowercase hex of a given length (never all zeros). */
export function randomHex(random: () => number, length: number): string {
  return hex(random, length);
}

/** Builds every span of a call, in insertion order (success: P, W, O, R). */
export function buildCallSpans(facts: CallFacts, random: () => number): Span[] {
  const traceId = facts.traceparent?.traceId ?? hex(random, 32);
  const context = (spanId: string) => ({
    trace_id: traceId,
    span_id: spanId,
    is_remote: false,
    trace_state: {},
  });
  const resource = {
    attributes: {
      'service.name': LLM_PROXY_SERVICE_NAME,
      'agentlightning.rollout_id': facts.rolloutId,
      'agentlightning.attempt_id': facts.attemptId,
      'agentlightning.span_sequence_id': facts.sequenceId,
      'agentlightning.tracer.name': 'llm_proxy',
    },
    schema_url: '',
  };
  const rootId = hex(random, 16);
  const rootParent = facts.traceparent
    ? { trace_id: traceId, span_id: facts.traceparent.spanId, is_remote: true, trace_state: {} }
    : null;
  const make = (
    name: string,
    spanId: string,
    parent: ReturnType<typeof context> | null,
    status: Status,
    attributes: Attributes,
    start: number,
    end: number,
    events: Span['events'] = [],
  ): Span => ({
    rollout_id: facts.rolloutId,
    attempt_id: facts.attemptId,
    sequence_id: facts.sequenceId,
    trace_id: traceId,
    span_id: spanId,
    parent_id: parent?.span_id ?? null,
    name,
    status,
    attributes,
    events,
    links: [],
    start_time: start,
    end_time: end,
    context: context(spanId),
    parent,
    resource,
  });

  const ok = facts.error === null;
  const layout = facts.layout;
  const start = facts.tUpstreamStart / 1000;
  const end = facts.tUpstreamEnd / 1000;
  const root = make(
    ROOT_SPAN_NAME,
    rootId,
    rootParent,
    ok
      ? { status_code: 'UNSET', description: null }
      : { status_code: 'ERROR', description: facts.error?.message ?? null },
    {},
    facts.tArrival / 1000,
    facts.tRecord / 1000,
  );
  const rootCtx = context(rootId);
  const spans: Span[] = [];
  if (layout !== 'client') {
    const primaryId = hex(random, 16);
    const events: Span['events'] = facts.error
      ? [
          {
            name: 'exception',
            attributes: {
              'exception.type': facts.error.type,
              'exception.message': facts.error.message,
              'exception.escaped': 'False',
            },
            timestamp: end,
          },
        ]
      : [];
    spans.push(
      make(
        facts.primarySpanName,
        primaryId,
        rootCtx,
        ok
          ? { status_code: 'OK', description: null }
          : { status_code: 'ERROR', description: facts.error?.message ?? null },
        litellmRequestAttributes(facts),
        start,
        end,
        events,
      ),
    );
    const primaryCtx = context(primaryId);
    if (facts.answer !== null && facts.upstreamStatus >= 200 && facts.upstreamStatus < 300) {
      spans.push(
        make(
          RAW_SPAN_NAME,
          hex(random, 16),
          primaryCtx,
          { status_code: 'OK', description: null },
          rawRequestAttributes(facts),
          start,
          end,
        ),
      );
    }
    if (!ok) {
      spans.push(
        make(
          FAILED_SPAN_NAME,
          hex(random, 16),
          rootCtx,
          { status_code: 'ERROR', description: facts.error?.message ?? null },
          { exception: facts.error?.message ?? '' },
          end,
          end,
        ),
      );
    }
  }
  if (layout !== 'litellm' && ok && facts.answer !== null) {
    const name = facts.route === 'completions' ? 'openai.completion' : 'openai.chat.completion';
    spans.push(
      make(
        name,
        hex(random, 16),
        rootCtx,
        { status_code: 'OK', description: null },
        clientViewAttributes(facts),
        start,
        end,
      ),
    );
  }
  spans.push(root);
  return spans;
}
