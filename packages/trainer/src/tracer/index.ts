/**
 * Tracers: capture the spans an agent produces and write them to the store.
 *
 * @module
 */
export * from './capture';
export * from './chat-completion';
export * from './chat-stream';
export * from './context-manager';
export * from './convert';
export * from './dummy-tracer';
export * from './otel-tracer';
export * from './otlp';
export * from './registry';
export * from './shared-processor';
export * from './span-processor';
export * from './synthetic';
export * from './tracer';
export * from './types';
