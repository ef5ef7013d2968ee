/**
 * The legacy Agent Lightning task/rollout protocol (deprecated in the
 * reference v0.3.0): the HTTP client, an in-process dev task loader, the
 * legacy server, its wire models, and the legacy runner and `fitV0` that
 * drive `@agl/trainer` agents over it. New code should use the LightningStore
 * API (`@agl/store-client`, `@agl/store-server`, `agl store`).
 *
 * @module
 */
export * from './client/client';
export * from './client/dev-task-loader';
export * from './client/task-client';
export * from './errors';

export * from './runner/index';
export * from './server/app';
export type {
  AgentLightningServerOptions,
  PollCompletedRolloutOptions,
  QueueTaskOptions,
} from './server/options';
export * from './server/run';
export * from './server/server';
export { LegacyServerState } from './server/state';
export * from './wire/index';
