/**
 * Registers the gateway as the trainer's `llm_proxy` component, so that string and dict specs
 * (`llmProxy: {type: 'LLMProxy', model_list: [...]}`) build an `LlmProxy` with the trainer's
 * store. Import this module once for its effect.
 *
 * @module
 */
import { type ComponentClass, registerComponent } from '@agl/trainer';
import { LlmProxy } from './proxy.js';

registerComponent('llm_proxy', 'LLMProxy', LlmProxy as unknown as ComponentClass, [
  'LlmProxy',
  'agentlightning.LLMProxy',
  'agentlightning.llm_proxy.LLMProxy',
]);

/** The registry keys under which the gateway is registered. */
export const LLM_PROXY_COMPONENT_KEYS = [
  'LLMProxy',
  'LlmProxy',
  'agentlightning.LLMProxy',
  'agentlightning.llm_proxy.LLMProxy',
] as const;
