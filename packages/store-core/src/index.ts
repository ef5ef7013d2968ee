/**
 * The LightningStore contract for store users: the `LightningStore`
 * interface and its option types, the error family that travels over HTTP,
 * the logger every package shares, clocks, and the OpenTelemetry span shape
 * the store reads. Writing a backend or a server? The engine, status model,
 * query kit, copies and watchdog are at `@agl/store-core/backend`; the
 * contract test suite is at `@agl/store-core/testing`.
 *
 * @module
 */
export { type Clock, ManualClock, systemClock } from './clock';
export {
  AddressInUseError,
  type AddressInUseErrorOptions,
  InternalStoreError,
  InvalidArgumentError,
  InvalidStateError,
  NotFoundError,
  NotImplementedStoreError,
  SpansEvictedError,
  STORE_ERROR_CODES,
  StoreError,
  type StoreErrorCode,
  type StoreErrorOptions,
  storeErrorFromWire,
  storeErrorToWire,
  UnavailableError,
} from './errors';
export {
  type ConsoleLoggerOptions,
  createConsoleLogger,
  LOG_LEVEL_ENV,
  LOG_LEVELS,
  type Logger,
  type LogLevel,
  logLevelFromEnv,
  parseLogLevel,
  silentLogger,
  UnknownLogLevelError,
} from './logger';
export { maskCredentials } from './mask-url';
export { type OptionAliasSpec, optionWithAlias } from './option-alias';
export type { StoreOptions } from './options';
export type { HrTimeLike, OtelSpanContextLike, OtelSpanLike } from './otel-span';
export { type OtelSpanTarget, otelSpanToSpan } from './spans/otel-convert';
export {
  createSpanClock,
  type HrTimeTuple,
  millisToHrTime,
  type SpanClock,
  type SpanClockSources,
  spanClock,
  WALL_STEP_BACK_MILLIS,
} from './spans/span-clock';
export { hrTimeToSeconds } from './spans/timestamps';
export type {
  AddOtelSpanOptions,
  AttemptUpdate,
  CreateRolloutOptions,
  DequeueManyOptions,
  EnqueueRolloutItem,
  LightningStore,
  PageOptions,
  QueryAttemptsOptions,
  QueryResourcesOptions,
  QueryRolloutsOptions,
  QuerySpansOptions,
  QueryWorkersOptions,
  RolloutUpdate,
  StartRolloutOptions,
  WaitOptions,
  WorkerOptions,
  WorkerUpdate,
} from './store';
