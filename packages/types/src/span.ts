import * as v from 'valibot';
import { StatusCodeSchema } from './enums';
import { IntegerSchema, jsonRecord, NullableTimestampSchema } from './json';

/**
 * Schema of a span attribute value: a string, boolean or number, or a
 * homogeneous array of one of those.
 */
export const AttributeValueSchema = v.union([
  v.string(),
  v.boolean(),
  v.number(),
  v.array(v.string()),
  v.array(v.boolean()),
  v.array(v.number()),
]);

/** A span attribute value. */
export type AttributeValue = v.InferOutput<typeof AttributeValueSchema>;

/** Schema of a span's attributes: string keys to attribute values (no `null`, no nesting). */
export const AttributesSchema = jsonRecord(AttributeValueSchema);

/** A span's attributes. */
export type Attributes = v.InferOutput<typeof AttributesSchema>;

/** Schema of an OpenTelemetry span context. Unknown keys are kept. */
export const SpanContextSchema = v.looseObject({
  /** 32 lowercase hex characters. */
  trace_id: v.string(),
  /** 16 lowercase hex characters. */
  span_id: v.string(),
  /** Whether the context was propagated from a remote parent. */
  is_remote: v.boolean(),
  /** W3C trace state entries. */
  trace_state: jsonRecord(v.string()),
});

/** An OpenTelemetry span context. */
export type SpanContext = v.InferOutput<typeof SpanContextSchema>;

/** Schema of a span status. Unknown keys are kept. */
export const TraceStatusSchema = v.looseObject({
  /** `UNSET`, `OK` or `ERROR`. */
  status_code: StatusCodeSchema,
  /** Error description, or `null`. */
  description: v.optional(v.nullable(v.string()), null),
});

/** A span status. */
export type TraceStatus = v.InferOutput<typeof TraceStatusSchema>;

/** Schema of a span event. Unknown keys are kept. */
export const EventSchema = v.looseObject({
  /** Event name. */
  name: v.string(),
  /** Event attributes (may be empty). */
  attributes: AttributesSchema,
  /** Event time (epoch seconds), or `null`. */
  timestamp: v.optional(NullableTimestampSchema, null),
});

/** A span event. */
export type SpanEvent = v.InferOutput<typeof EventSchema>;

/** Schema of a span link. Unknown keys are kept. */
export const LinkSchema = v.looseObject({
  /** The linked span's context. */
  context: SpanContextSchema,
  /** Link attributes, or `null` when there are none. */
  attributes: v.optional(v.nullable(AttributesSchema), null),
});

/** A span link. */
export type SpanLink = v.InferOutput<typeof LinkSchema>;

/** Schema of the OpenTelemetry resource a span was produced under. Unknown keys are dropped. */
export const OtelResourceSchema = v.object({
  /** Resource attributes, e.g. `service.name`. */
  attributes: AttributesSchema,
  /** Schema URL, `""` when absent. */
  schema_url: v.string(),
});

/** The OpenTelemetry resource a span was produced under. */
export type OtelResource = v.InferOutput<typeof OtelResourceSchema>;

/**
 * Schema of a trace span as the store keeps it. All sixteen keys are required;
 * unknown keys are stored and echoed verbatim.
 */
export const SpanSchema = v.looseObject({
  /** The rollout the span belongs to. */
  rollout_id: v.string(),
  /** The attempt the span belongs to. */
  attempt_id: v.string(),
  /** Ordering key within the rollout; not unique. */
  sequence_id: IntegerSchema,
  /** 32 lowercase hex characters. */
  trace_id: v.string(),
  /** 16 lowercase hex characters; unique within an attempt. */
  span_id: v.string(),
  /** Parent span id, or `null` for a root span. */
  parent_id: v.nullable(v.string()),
  /** Span name. */
  name: v.string(),
  /** Span status. */
  status: TraceStatusSchema,
  /** Span attributes. */
  attributes: AttributesSchema,
  /** Span events. */
  events: v.array(EventSchema),
  /** Span links. */
  links: v.array(LinkSchema),
  /** Start time (epoch seconds), or `null`. */
  start_time: NullableTimestampSchema,
  /** End time (epoch seconds), or `null`. */
  end_time: NullableTimestampSchema,
  /** The span's own context, or `null`. */
  context: v.nullable(SpanContextSchema),
  /** The parent's context, or `null`. */
  parent: v.nullable(SpanContextSchema),
  /** The OpenTelemetry resource. */
  resource: OtelResourceSchema,
});

/** A trace span as the store keeps it. */
export type Span = v.InferOutput<typeof SpanSchema>;
