/**
 * Agent Lightning for TypeScript, trainer side: resources, agents, runners,
 * tracing, emitters, adapters, algorithms, execution strategies and the `Trainer`.
 *
 * @module
 */
export { spanAgentName } from './adapter/agent-name';
export { Adapter, TraceAdapter, TraceToTripletBase } from './adapter/base';
export { extractImageUrls } from './adapter/image-urls';
export {
  isLlmCallSpan,
  KNOWN_LLM_CALL_MATCH,
  PYTHON_LLM_CALL_MATCH,
} from './adapter/llm-call-match';
export { type FindLlmCallsOptions, findLlmCalls, type LlmCall } from './adapter/llm-calls';
export { LlmProxyTraceToTriplet } from './adapter/llm-proxy-trace-to-triplet';
export {
  fillFromThirdPartySpan,
  type LlmSpanContent,
  readLlmSpan,
} from './adapter/llm-span-reader';
export { parsePyLiteral } from './adapter/py-literal';
export { repairHierarchy } from './adapter/repair';
export {
  DEFAULT_REWARD_CLOCK_TOLERANCE_SECONDS,
  matchRewards,
  RewardMatchPolicy,
} from './adapter/reward-match';
export { responseIdOf, spanToTriplet } from './adapter/span-to-triplet';
export type { TraceNode } from './adapter/trace-node';
export { type ChatRecord, TraceToMessages } from './adapter/trace-to-messages';
export { TraceTree, VIRTUAL_ROOT_ID } from './adapter/trace-tree';
export {
  TracerTraceToTriplet,
  type TracerTraceToTripletOptions,
} from './adapter/tracer-trace-to-triplet';
export { DEFAULT_LLM_CALL_MATCH, type TrajectoryOptions, toTrajectory } from './adapter/trajectory';
export {
  type Triplet,
  type TripletPrompt,
  type TripletResponse,
  TripletSchema,
} from './adapter/triplet';
export {
  type FunctionalKind,
  FunctionalLitAgent,
  type LlmRolloutFn,
  type LlmRolloutOptions,
  llmRollout,
  type PromptRolloutFn,
  promptRollout,
  type RolloutOptions,
  rollout,
} from './agent/functional';
export {
  type HasTracer,
  LitAgent,
  type LitAgentOptions,
  type MaybePromise,
} from './agent/lit-agent';
export { findLlm, findPromptTemplate } from './agent/resource-lookup';
export type { RolloutInfo, RolloutRawResult } from './agent/types';
export {
  type AlgoContext,
  type AlgoInjectKey,
  type AlgoOptions,
  algo,
  FunctionalAlgorithm,
} from './algorithm/algo';
export { Algorithm, FastAlgorithm } from './algorithm/algorithm';
export { Baseline, type BaselineOptions } from './algorithm/baseline';
export type { SpanVerbosity } from './algorithm/baseline-report';
export {
  batchIterOverDataset,
  type WithLlmProxyOptions,
  withLlmProxy,
  withStore,
} from './algorithm/helpers';
export type { AdapterLike, AlgorithmRunArgs, Dataset, LlmProxyLike } from './algorithm/types';
export { type EmitOptions, emitAnnotation } from './emitter/annotation';
export { emitException } from './emitter/exception';
export { type EmitWithAttributesOptions, emitMessage, getMessageValue } from './emitter/message';
export { emitObject, encodeObject, getObjectValue } from './emitter/object';
export { OperationContext, type OperationOptions, operation } from './emitter/operation';
export {
  type EmitRewardOptions,
  emitReward,
  type RewardDimension,
  type RewardInput,
  rewardDimensions,
} from './emitter/reward';
export {
  extractLinksFromAttributes,
  extractTagsFromAttributes,
  type LinkMatch,
  makeLinkAttributes,
  makeTagAttributes,
  queryLinkedSpans,
} from './emitter/tags-links';
export { childRole } from './execution/child-runtime';
export type { ClientServerOptions, ExecutionRole } from './execution/client-server/options';
export { ClientServerExecutionStrategy } from './execution/client-server/strategy';
export {
  ENV_CURRENT_ROLE,
  ENV_MANAGED_STORE,
  ENV_RUNNER_WORKER_ID,
  ENV_SERVER_HOST,
  ENV_SERVER_PORT,
} from './execution/env';
export { ExecutionEvent } from './execution/event';
export { SharedMemoryExecutionStrategy, type SharedMemoryOptions } from './execution/shared-memory';
export type { AlgorithmBundle, ExecutionStrategy, RunnerBundle } from './execution/types';
export {
  captureLogs,
  consoleSink,
  getLogger,
  type LogRecord,
  type LogSink,
  setLogger,
  setLogLevel,
  setLogSink,
} from './logging';
export { formatFString } from './resources/f-string';
export { applyFormatSpec } from './resources/format-spec';
export {
  hydrateResource,
  hydrateResources,
  type ResourceMap,
  type ResourceObject,
  toWireResources,
} from './resources/hydrate';
export { LLM, type LlmOptions, ProxyLLM, proxyBaseUrl } from './resources/llm';
export { formatTemplate, PromptTemplate } from './resources/prompt-template';
export {
  findFinalReward,
  findRewardSpans,
  getRewardsFromSpan,
  getRewardValue,
  isRewardSpan,
  type RewardSpanLike,
} from './reward/readers';
export { isOtelSpanLike, isSpanCoreFields, isStoreSpan } from './runner/classify';
export { type AttemptContext, executeAttempt } from './runner/execute-attempt';
export {
  Hook,
  type HookCallbacks,
  type HookEvent,
  type RolloutEndArgs,
  type RolloutStartArgs,
  type TraceHookArgs,
} from './runner/hook';
export { LitAgentRunner, type LitAgentRunnerOptions } from './runner/lit-agent-runner';
export { type PostProcessContext, postProcessResult } from './runner/post-process';
export {
  type RunContextOptions,
  Runner,
  type RunnerInitOptions,
  type RunnerIterOptions,
  type RunnerStepOptions,
} from './runner/runner';
export {
  AGENTOPS_REWARD_KEYS,
  AGL_ANNOTATION,
  AGL_EXCEPTION,
  AGL_MESSAGE,
  AGL_OBJECT,
  AGL_OPERATION,
  AGL_REWARD,
  AGL_VIRTUAL,
  ExceptionAttributes,
  LINK_ID_KEYS,
  LightningResourceAttributes,
  LightningSpanAttributes,
  LinkAttributes,
  RewardAttributes,
  SpanAttributeNames,
  SpanNames,
} from './semconv/constants';
export { exceptionAttributes } from './semconv/exception';
export {
  type FlattenOptions,
  filterAndUnflattenAttributes,
  filterAttributes,
  flattenAttributes,
  isHomogeneousPrimitiveArray,
  isPlainObject,
  isPrimitive,
  type Primitive,
  unflattenAttributes,
} from './semconv/flatten';
export {
  checkAttributesSanity,
  sanitizeAttributes,
  sanitizeAttributeValue,
  toJsonText,
} from './semconv/sanitize';
export {
  type CaptureMode,
  DUMMY_ATTEMPT_ID,
  DUMMY_ROLLOUT_ID,
  STORE_WRITE_TIMEOUT_SECONDS,
  TraceCapture,
  type TraceCaptureOptions,
} from './tracer/capture';
export {
  CHAT_COMPLETION_SPAN_NAME,
  type ChatCompletionRequestLike,
  chatRequestAttributes,
  chatResponseAttributes,
  traceChatCompletion,
} from './tracer/chat-completion';
export {
  ChatCompletionAccumulator,
  isAsyncIterable,
  type StreamEnd,
  watchIterator,
  watchStream,
} from './tracer/chat-stream';
export { coreFieldsFromOtel, secondsToHrTime, statusFromOtel } from './tracer/convert';
export { DummyTracer } from './tracer/dummy-tracer';
export { OtelTracer, type OtelTracerOptions } from './tracer/otel-tracer';
export {
  defaultOtlpExporterFactory,
  type OtlpExporterFactory,
  resourceStamper,
} from './tracer/otlp';
export {
  clearActiveTracer,
  getActiveTracer,
  runWithActiveTracer,
  setActiveTracer,
} from './tracer/registry';
export { SharedSpanProcessor, sharedSpanProcessor } from './tracer/shared-processor';
export { LightningSpanProcessor } from './tracer/span-processor';
export {
  randomSpanId,
  randomTraceId,
  type SyntheticSpanOptions,
  spanFromAttributes,
  spanFromCoreFields,
} from './tracer/synthetic';
export { type TraceContextOptions, Tracer } from './tracer/tracer';
export type { OperationContextOptions, SpanCoreFields, SpanRecordingContext } from './tracer/types';
export {
  type BuildComponentOptions,
  buildComponent,
  type ComponentSpec,
} from './trainer/components';
export type { TrainerOptions } from './trainer/options';
export {
  defaultProgressReporter,
  formatProgress,
  LogProgressReporter,
  type ProgressReporter,
  type ProgressSnapshot,
  TtyProgressReporter,
} from './trainer/progress';
export { ProgressMonitor, type ProgressMonitorOptions } from './trainer/progress-monitor';
export {
  type ComponentClass,
  type ComponentKind,
  lookupComponent,
  registerComponent,
  registeredKeys,
} from './trainer/registry';
export { cloneTracer } from './trainer/resolve';
export {
  type CustomComponentSpec,
  customSpec,
  type RunnerSpec,
  type RunnerSpecObject,
  type SnakeCase,
  type SpecKeys,
  type StrategySpec,
  type StrategySpecObject,
} from './trainer/spec-types';
export { MissingSharedStoreError } from './trainer/store-wiring';
export { type FitOptions, Trainer } from './trainer/trainer';
