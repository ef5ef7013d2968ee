/**
 * Serves any `LightningStore` over HTTP, wire-compatible with the Python
 * reference's `LightningStoreServer` (agent-lightning v0.3.0), with OTLP/HTTP
 * trace ingestion, batch routes, long waits and idempotency keys.
 *
 * @module
 */
export { accessHost, httpUrl, outboundIpv4 } from './access-host';
export { createStoreApp } from './app';
export { type DashboardMount, mountDashboard } from './dashboard';
export {
  type ChangeEvent,
  ChangeFeed,
  type ChangeFeedOptions,
  createEventsHandler,
  EVENT_TOPICS,
  type EventsHandlerOptions,
  type EventTopic,
  type ObserveStoreOptions,
  observeStore,
  type StoreWriteListener,
} from './events';
export { IdempotencyCache, type IdempotencyOptions } from './http/idempotency';
export { parseLenientJson } from './http/lenient-json';
export { buildOpenApiDocument } from './openapi/document';
export type { OpenApiExtensions } from './openapi/extensions';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUERY_LIMIT,
  type ResolvedAppOptions,
  resolveAppOptions,
  type StoreAppOptions,
} from './options';
export { createOtlpRoutes, handleOtlpTraces, type OtlpRoutesOptions } from './otlp';
export type { AttemptReward, RewardReader } from './reward-tracker';
export { LIMIT_CLAMPED_HEADER } from './routes/paging';
export {
  type AddSpansBatchRequest,
  AddSpansBatchRequestSchema,
  type HealthWithCapabilities,
  HealthWithCapabilitiesSchema,
  type NextSequenceIdsBatchRequest,
  NextSequenceIdsBatchRequestSchema,
  type NextSequenceIdsBatchResponse,
  NextSequenceIdsBatchResponseSchema,
  SERVER_ROUTES,
  type ServerCapabilities,
  ServerCapabilitiesSchema,
  type ServerRouteName,
} from './schemas';
export { LightningStoreServer, type LightningStoreServerOptions } from './server';
