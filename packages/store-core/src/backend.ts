/**
 * The kit for writing a LightningStore backend or server: the engine
 * (`BaseLightningStore` over a synchronous `StorageBackend`), the status
 * model, worker telemetry, the watchdog, the query engine, copies, ids,
 * waiters, span sizing and statistics, the observers of a store's own work
 * (watchdog, eviction), and the listen routine every HTTP server shares.
 * Store users need only `@agl/store-core`.
 *
 * @module
 */
export { cloneJson } from './clone';
export type {
  QueueStorage,
  ResourcesStorage,
  RolloutStorage,
  SequenceStorage,
  SpanStorage,
  StorageBackend,
  WorkerStorage,
} from './engine/backend';
export { BaseLightningStore, createEngineStore } from './engine/base-store';
export {
  copyAttempt,
  copyResources,
  copyRollout,
  copyWithAttempt,
  copyWithLatest,
  copyWorker,
} from './engine/copies';
export type { RolloutEntry, StorageHooks } from './engine/hooks';
export { DEFAULT_ENGINE_CAPABILITIES, type EngineStoreOptions } from './engine/options';
export { Fifo } from './fifo';
export { isJsonContentType } from './http/content-type';
export {
  type IdempotencyScope,
  isIdempotentReplay,
  runWithIdempotencyKey,
  takeIdempotencyScope,
} from './idempotency-scope';
export {
  generateAttemptId,
  generateResourcesId,
  generateRolloutId,
  generateUniqueId,
  randomHex,
} from './ids';
export { forgetJsonText, noteJsonText, takeJsonText } from './json-text';
export { listenOn } from './listen';
export {
  type EvictionEvent,
  type ObservableStore,
  type StoreObserver,
  StoreObservers,
  type WatchdogChange,
  type WatchdogEvent,
  type WatchdogReason,
  watchdogChange,
} from './observer';
export { millisecondsToSeconds } from './option-alias';
export { DEFAULT_CLAIM_TIMEOUT_SECONDS, resolveClaimTimeout } from './options';
export {
  attemptsQuery,
  type ListQuery,
  resourcesQuery,
  rolloutsQuery,
  spansQuery,
  workersQuery,
} from './query/build';
export {
  type Condition,
  type ContainsCondition,
  conditionHolds,
  type ExactCondition,
  type FieldReader,
  type FilterSpec,
  filterIsEmpty,
  matchesFilter,
  pinnedValues,
  readField,
  type WithinCondition,
} from './query/conditions';
export {
  ATTEMPT_FIELDS,
  ENTITY_FIELDS,
  type EntityName,
  type FieldKind,
  type FieldTable,
  fieldKind,
  RESOURCES_FIELDS,
  ROLLOUT_FIELDS,
  SPAN_FIELDS,
  WORKER_FIELDS,
} from './query/fields';
export { pageBounds, paginate } from './query/paginate';
export { runListQuery } from './query/run';
export { compareCodePoints, compareFieldValues, fieldComparator, sortItems } from './query/sort';
export { type PageParams, validatePageQuery } from './query/validate';
export { sleepSeconds } from './sleep';
export { copyOtelAttributes, otelContextToSpanContext } from './spans/otel-convert';
export { checkSpanShape, type SpanShapeOptions } from './spans/shape';
export { estimateSpanSize, toByteCount, utf8ByteLength } from './spans/size';
export { normalizeTimestamp } from './spans/timestamps';
export { buildStatistics, type SpanMemoryStatistics, type StoreCounters } from './statistics';
export {
  applyAttemptUpdate,
  applySpanHeartbeat,
  attemptStatusStampsEndTime,
  updateSyncsWorker,
  validateAttemptUpdate,
} from './status/attempt-status';
export {
  buildAttempt,
  buildRollout,
  type NewAttemptFields,
  type NewRolloutFields,
} from './status/builders';
export { copyRolloutConfig, resolveRolloutConfig } from './status/config';
export {
  impliedRolloutStatus,
  isStickyStatus,
  propagatedRolloutStatus,
  type RolloutStatusEffects,
  rolloutStatusEffects,
  spanPromotesRollout,
} from './status/rollout-status';
export { validateCreateRolloutOptions, validateRolloutUpdate } from './status/validate';
export {
  RolloutWaiters,
  type WaitForOptions,
  type WaitProbe,
  waitTimeoutSeconds,
} from './waiters';
export {
  isStrandedClaim,
  type WatchdogVerdict,
  watchdogVerdict,
  watchdogWatches,
} from './watchdog/rule';
export { Watchdog, type WatchdogOptions } from './watchdog/watchdog';
export {
  applyWorkerPatch,
  attemptWorkerPatch,
  heartbeatPatch,
  markIdlePatch,
  newWorker,
  type WorkerPatch,
} from './workers/telemetry';
