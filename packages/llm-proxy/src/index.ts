/**
 * The LLM gateway of Agent Lightning: forwards OpenAI-compatible model calls of any agent to the
 * model servers and records each call as spans of its rollout's attempt.
 *
 * @module
 */
export {
  /** `service.name` of every span the gateway records. */
  LLM_PROXY_SERVICE_NAME,
} from './constants.js';
