/**
 * The LLM gateway of Agent Lightning: forwards OpenAI-compatible model calls of any agent to the
 * model servers and records each call as spans of its rollout's attempt.
 *
 * @module
 */

export {
  /** Rebuilds the complete answer of a streamed call from its chunks. */
  StreamAssembler,
} from './assemble.js';
export {
  /** `service.name` of every span the gateway records. */
  LLM_PROXY_SERVICE_NAME,
} from './constants.js';
export {
  /** One LiteLLM `model_list` entry. */
  type ModelConfig,
  /** The deployment index a rollout is pinned to. */
  stickyIndex,
} from './models.js';
export type {
  /** Options of `LlmProxy`. */
  LlmProxyOptions,
  /** When log-probs are requested upstream. */
  LogprobsMode,
  /** Which spans a record holds. */
  RecordLayout,
  /** Whether answers wait for their record. */
  RecordMode,
  /** When `return_token_ids` is requested upstream. */
  ReturnTokenIdsMode,
  /** Request rewrite settings. */
  RewriteOptions,
} from './options.js';
export {
  /** Options of `asResource`. */
  type AsResourceOptions,
  /** Builds the hono app and its `LlmProxy` without listening. */
  createLlmProxyApp,
  /** Rejection of `drain()` when calls are still in flight at the deadline. */
  DrainTimeoutError,
  /** The gateway, spelled as in the Python reference. */
  LLMProxy,
  /** The gateway: lifecycle, model registry, pause/drain, resources. */
  LlmProxy,
  /** A resource as `store.addResources` takes it. */
  type ProxyResource,
} from './proxy.js';
export type {
  /** What `onRecord` receives. */
  RecordedCall,
} from './record.js';
export type {
  /** Options spelled as the Python reference's `LLMProxy(...)` takes them. */
  ReferenceProxyOptions,
} from './reference-options.js';
export {
  /** Names of the recorded spans. */
  FAILED_SPAN_NAME,
  /** Name of the raw-request span. */
  RAW_SPAN_NAME,
  /** Name of the root span. */
  ROOT_SPAN_NAME,
} from './spans.js';
export type {
  /** The pause state. */
  ProxyState,
  /** Counters of calls and records. */
  ProxyStats,
} from './state.js';
