/**
 * Resources: `LLM`, `ProxyLLM`, `PromptTemplate` and Python-compatible rendering.
 *
 * @module
 */

export * from './f-string';
export * from './format-spec';
export * from './hydrate';
export * from './llm';
export * from './prompt-template';
export * from './py-str';
