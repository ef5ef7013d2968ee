/** `service.name` of every span the gateway records. */
export const LLM_PROXY_SERVICE_NAME = 'agentlightning.llm_proxy';
