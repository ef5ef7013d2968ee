/**
 * Execution strategies: shared memory (`shm`) and client-server (`cs`), the stop event and env vars.
 *
 * @module
 */
export * from './child-process';
export * from './child-runtime';
export * from './client-server/options';
export * from './client-server/strategy';
export * from './env';
export * from './event';
export * from './interrupt';
export * from './shared-memory';
export * from './supervise';
export * from './types';
