/**
 * APO (Automatic Prompt Optimization) for Agent Lightning for TypeScript:
 * textual-gradient beam search over a `PromptTemplate` resource, run by the
 * `Trainer` through the store.
 *
 * @module
 */
export { APO, type ApoRunState } from './apo';
export type { BatchOutcome } from './batch';
export { createDefaultClient } from './default-client';
export { ApoEmptyResponseError, ApoLlmError, backoffSeconds, isRetryable } from './llm-call';
export type { APOOptions, ApoRetryOptions, ResolvedApoOptions } from './options';
export {
  APPLY_EDIT_PROMPTS,
  APPLY_EDIT_VARIANT01_SYSTEM,
  APPLY_EDIT_VARIANT02_SYSTEM,
  applyEditVariant01,
  applyEditVariant02,
  TEXT_GRADIENT_PROMPTS,
  TEXT_GRADIENT_VARIANT03_SYSTEM,
  textGradientVariant01,
  textGradientVariant02,
  textGradientVariant03,
} from './prompts';
export { choice, type RandomSource, sample, seededRandom } from './random';
export { APO_COMPONENT_KEYS } from './register';
export {
  formatHistoryTable,
  formatLogPrefix,
  formatRoundLine,
  formatScore,
  type LogPrefixParts,
} from './report';
export { ApoSteps } from './steps';
export type {
  ApoBeamRecord,
  ApoCandidateRecord,
  ApoChatMessage,
  ApoChatRequest,
  ApoChatResponse,
  ApoHistoryEntry,
  ApoPrompt,
  ApoResult,
  ApoStepOptions,
  ApplyEditPromptContext,
  ChatCompletionsClient,
  CritiqueAndEdit,
  GradientPromptContext,
  RolloutResultForAPO,
  VersionedPromptTemplate,
} from './types';
