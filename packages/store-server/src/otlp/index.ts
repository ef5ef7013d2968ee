/**
 * OTLP/HTTP trace ingestion: decoders for protobuf and OTLP/JSON
 * `ExportTraceServiceRequest`s, their conversion into store spans, and the
 * `POST /v1/traces` handler.
 *
 * @module
 */
export { anyValueToJson, attributesToRecord, toAttributeValue } from './any-value';
export {
  ATTEMPT_ID_KEY,
  type Attribution,
  attributeSpan,
  parseSequenceId,
  ROLLOUT_ID_KEY,
  type SequenceIdLookup,
  SPAN_SEQUENCE_ID_KEY,
} from './attribution';
export { type ConvertedRequest, convertTraceRequest } from './convert/request';
export { convertSpan, nanosToSeconds, padHex, type SpanPlacement } from './convert/span';
export { decodeTraceRequestJson } from './decode/json';
export { decodeTraceRequestProtobuf } from './decode/protobuf';
export {
  createOtlpRoutes,
  DEFAULT_OTLP_BODY_LIMIT,
  handleOtlpTraces,
  OTLP_NOT_IMPLEMENTED_PATHS,
  type OtlpRoutesOptions,
} from './handler';
export { type IngestResult, ingestTraceRequest } from './ingest';
export * from './model';
export { OtlpRequestError } from './read-body';
export { encodeRpcStatus } from './responses';
