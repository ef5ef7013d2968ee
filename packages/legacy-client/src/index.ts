/**
 * The legacy Agent Lightning task/rollout protocol (deprecated in the
 * reference v0.3.0): the HTTP client, an in-process dev task loader, the
 * legacy server, its wire models, and the legacy runner and `fitV0` that
 * drive `@agl/trainer` agents over it. New code should use the LightningStore
 * API (`@agl/store-client`, `@agl/store-server`, `agl store`).
 *
 * @module
 */
export { AgentLightningClient, type AgentLightningClientOptions } from './client/client';
export { DevTaskLoader, type DevTaskLoaderOptions } from './client/dev-task-loader';
export type { LegacyTaskClient, PollNextTaskOptions } from './client/task-client';
export { LegacyValidationError } from './errors';
export { LEGACY_V01_SIGNATURE, type LegacyRolloutAgent } from './runner/agent';
export type { LegacyTripletExporter } from './runner/convert';
export type {
  LegacyAlgorithm,
  LegacyClientSettings,
  LegacyDataSource,
} from './runner/fit-v0/backend';
export { type FitV0Options, type FitV0TrainerLike, fitV0 } from './runner/fit-v0/fit';
export type { FitV0Result } from './runner/fit-v0/workers';
export {
  LegacyAgentRunner,
  type LegacyAgentRunnerOptions,
  type LegacyRunOptions,
} from './runner/runner';
export { createLegacyApp, type LegacyAppOptions } from './server/app';
export type {
  AgentLightningServerOptions,
  PollCompletedRolloutOptions,
  QueueTaskOptions,
} from './server/options';
export {
  type RunLegacyServerOptions,
  type RunningLegacyServer,
  runLegacyServer,
  type SignalSource,
} from './server/run';
export { AgentLightningServer } from './server/server';
export { LaxFloatSchema, OptionalFloatSchema } from './wire/float';
export {
  type LegacyResourcesUpdate,
  LegacyResourcesUpdateSchema,
  LegacyResourcesUpdateV02Schema,
} from './wire/resources';
export {
  type GenericResponse,
  GenericResponseSchema,
  type LegacyErrorBody,
  LegacyErrorBodySchema,
  type LegacyValidationErrorBody,
  LegacyValidationErrorBodySchema,
} from './wire/responses';
export {
  type RolloutLegacy,
  type RolloutLegacyInit,
  RolloutLegacySchema,
  type Triplet,
  type TripletInit,
  TripletSchema,
} from './wire/rollout';
export { type Task, type TaskIfAny, TaskIfAnySchema, type TaskInit, TaskSchema } from './wire/task';
