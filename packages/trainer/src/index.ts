/**
 * Agent Lightning for TypeScript, trainer side: resources, agents, runners,
 * tracing, emitters, adapters, algorithms, execution strategies and the `Trainer`.
 *
 * @module
 */
export * from './adapter';
export * from './agent';
export * from './algorithm';
export * from './emitter';
export * from './execution';
export * from './logging';
export * from './resources';
export * from './reward';
export * from './runner';
export * from './semconv';
export * from './tracer';
export * from './trainer';
