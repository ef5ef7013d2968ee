/**
 * Span names and attribute keys shared with the Python reference.
 * They cross the language boundary: a Python algorithm
 * reads spans written here by these exact strings.
 *
 * @module
 */

/** Span name of annotation spans (rewards are annotations). */
export const AGL_ANNOTATION = 'agentlightning.annotation';
/** Span name of message spans. */
export const AGL_MESSAGE = 'agentlightning.message';
/** Span name of object spans. */
export const AGL_OBJECT = 'agentlightning.object';
/** Span name of exception spans. */
export const AGL_EXCEPTION = 'agentlightning.exception';
/** Span name of operation spans. */
export const AGL_OPERATION = 'agentlightning.operation';
/** Legacy span name of reward spans (v0.2 era); also the operation name of reward operations. */
export const AGL_REWARD = 'agentlightning.reward';
/** Span name of synthetic spans (missing parents, spans built from attributes). */
export const AGL_VIRTUAL = 'agentlightning.virtual';

/** Resource attribute keys (reference `LightningResourceAttributes`). */
export const LightningResourceAttributes = {
  /** The rollout the spans of this resource belong to. */
  ROLLOUT_ID: 'agentlightning.rollout_id',
  /** The attempt the spans of this resource belong to. */
  ATTEMPT_ID: 'agentlightning.attempt_id',
  /** An explicit span sequence id. */
  SPAN_SEQUENCE_ID: 'agentlightning.span_sequence_id',
  /** The tracer that produced the spans. */
  TRACER_NAME: 'agentlightning.tracer.name',
} as const;

/** Span attribute keys and prefixes (reference `LightningSpanAttributes`). */
export const LightningSpanAttributes = {
  /** Prefix of reward dimensions: `agentlightning.reward.<i>.name` / `.value`. */
  REWARD: 'agentlightning.reward',
  /** Prefix of links: `agentlightning.link.<i>.key_match` / `.value_match`. */
  LINK: 'agentlightning.link',
  /** Prefix of tags: `agentlightning.tag.<i>`. */
  TAG: 'agentlightning.tag',
  /** The text of a message span. */
  MESSAGE_BODY: 'agentlightning.message.body',
  /** The encoded type of an object span. */
  OBJECT_TYPE: 'agentlightning.object.type',
  /** The literal payload of an object span (strings, numbers, booleans, bytes). */
  OBJECT_LITERAL: 'agentlightning.object.literal',
  /** The JSON payload of an object span. */
  OBJECT_JSON: 'agentlightning.object.json',
  /** The name of an operation. */
  OPERATION_NAME: 'agentlightning.operation.name',
  /** Prefix of an operation's inputs. */
  OPERATION_INPUT: 'agentlightning.operation.input',
  /** Prefix of an operation's output. */
  OPERATION_OUTPUT: 'agentlightning.operation.output',
} as const;

/** Sub-keys of one reward dimension. */
export const RewardAttributes = {
  /** The dimension name (`primary` for scalar rewards). */
  NAME: 'name',
  /** The dimension value. */
  VALUE: 'value',
} as const;

/** Sub-keys of one link. */
export const LinkAttributes = {
  /** The attribute (or `trace_id` / `span_id`) to compare. */
  KEY_MATCH: 'key_match',
  /** The value it must equal. */
  VALUE_MATCH: 'value_match',
} as const;

/** Reserved `key_match` values that compare a span's own ids instead of an attribute. */
export const LINK_ID_KEYS = ['trace_id', 'span_id'] as const;

/** OpenTelemetry exception attribute keys used by the exception emitter. */
export const ExceptionAttributes = {
  /** The error class name. */
  TYPE: 'exception.type',
  /** The error message. */
  MESSAGE: 'exception.message',
  /** Whether the exception escaped the span's scope. */
  ESCAPED: 'exception.escaped',
  /** The formatted stack trace. */
  STACKTRACE: 'exception.stacktrace',
} as const;

/** Attribute keys of rewards written by AgentOps (read for compatibility). */
export const AGENTOPS_REWARD_KEYS = ['agentops.task.output', 'agentops.entity.output'] as const;

/** Deprecated span names kept for compatibility (reference `SpanNames`). */
export const SpanNames = {
  /** Legacy reward span name. */
  REWARD: 'agentlightning.reward',
  /** Message span name. */
  MESSAGE: 'agentlightning.message',
  /** Object span name. */
  OBJECT: 'agentlightning.object',
  /** Exception span name. */
  EXCEPTION: 'agentlightning.exception',
  /** Virtual span name. */
  VIRTUAL: 'agentlightning.virtual',
  /** Legacy rollout id key. */
  ROLLOUT_ID: 'agentlightning.rollout_id',
  /** Legacy attempt id key. */
  ATTEMPT_ID: 'agentlightning.attempt_id',
  /** Legacy span sequence id key. */
  SPAN_SEQUENCE_ID: 'agentlightning.span_sequence_id',
} as const;

/** Deprecated attribute names kept for compatibility (reference `SpanAttributeNames`). */
export const SpanAttributeNames = {
  /** Legacy message attribute. */
  MESSAGE: 'message',
  /** Legacy object attribute. */
  OBJECT: 'object',
} as const;
