/**
 * The `Trainer`, component specs and progress reporting.
 *
 * @module
 */
export * from './components';
export * from './options';
export * from './progress';
export * from './progress-monitor';
export * from './registry';
export { cloneTracer } from './resolve';
export * from './spec-types';
export { MissingSharedStoreError } from './store-wiring';
export * from './trainer';
