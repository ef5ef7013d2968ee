/**
 * Capture the LLM calls of agents built with the usual TypeScript libraries
 * as Agent Lightning spans. This entry point needs no third-party library;
 * each library has its own entry point (`@agl/instrumentation/openai`,
 * `/ai-sdk`, `/openai-agents`, `/langchain`).
 *
 * @module
 */
export {
  /** A `LoggerProvider` that copies GenAI content log records onto their LLM span. */
  genAiLogEnricher,
} from './genai-log-enricher';
export {
  /** Attribute marking a span its library left open when the rollout ended. */
  ABANDONED_ATTRIBUTE,
  /** The tracer provider to give third-party instrumentation: records into the current rollout only. */
  lightningTracerProvider,
} from './provider';
export {
  /** A span processor for your own OpenTelemetry SDK: rollout spans to the store, others dropped. */
  lightningSpanProcessor,
  /** The span-processor contract, structurally. */
  type SpanProcessorLike,
} from './span-processor';
export {
  /** A `fetch` that attaches vLLM-style token ids to the LLM span of each chat completion. */
  createTokenIdFetch,
  /** Registers where token ids of the current call go (used by bridges). */
  registerTokenIdSinkFinder,
  /** Options of `createTokenIdFetch`. */
  type TokenIdFetchOptions,
  /** Receives token ids of the current call. */
  type TokenIdSink,
  /** Finds the token-id sink of the current call. */
  type TokenIdSinkFinder,
} from './token-id-fetch';
