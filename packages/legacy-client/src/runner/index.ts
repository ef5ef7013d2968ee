/**
 * The legacy runner and `fitV0`: drive an `@agl/trainer` agent against the
 * legacy protocol.
 *
 * @module
 */
export {
  checkLegacyAgent,
  LEGACY_V01_SIGNATURE,
  type LegacyRolloutAgent,
  usesLegacyV01Signature,
} from './agent';
export {
  convertAgentResult,
  type LegacyConversionContext,
  type LegacyTripletExporter,
} from './convert';
export { executeLegacyTask, type LegacyTaskContext } from './execute-task';
export {
  type BackendChoice,
  checkDataSource,
  type LegacyAlgorithm,
  type LegacyClientSettings,
  type LegacyDataSource,
  resolveBackend,
} from './fit-v0/backend';
export { type FitV0Options, type FitV0Result, type FitV0TrainerLike, fitV0 } from './fit-v0/fit';
export {
  isRolloutLegacyLike,
  isTripletLike,
  type LegacyListKind,
  legacyListKind,
} from './result-kind';
export { LegacyAgentRunner, type LegacyAgentRunnerOptions, type LegacyRunOptions } from './runner';
