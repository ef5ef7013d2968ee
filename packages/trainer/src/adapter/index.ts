/**
 * Adapters: turn stored spans into learning data (triplets for RL, chat
 * records for prompt optimisation).
 *
 * @module
 */
export * from './agent-name';
export * from './base';
export * from './image-urls';
export * from './llm-call-match';
export * from './llm-calls';
export * from './llm-proxy-trace-to-triplet';
export * from './llm-span-reader';
export * from './py-literal';
export * from './repair';
export * from './reward-match';
export * from './span-to-triplet';
export * from './trace-node';
export * from './trace-to-messages';
export * from './trace-tree';
export * from './tracer-trace-to-triplet';
export * from './trajectory';
export * from './triplet';
