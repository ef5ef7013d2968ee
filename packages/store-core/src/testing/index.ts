/**
 * The LightningStore contract suite: one function that registers every
 * behaviour of the store specification as vitest tests against a backend,
 * plus the builders and assertions it uses, for backend-specific tests.
 *
 * @example
 * ```ts
 * import { describeLightningStore } from '@agl/store-core/testing';
 * import { InMemoryLightningStore } from '@agl/store-memory';
 *
 * describeLightningStore({
 *   name: 'InMemoryLightningStore',
 *   create: ({ options }) => new InMemoryLightningStore(options),
 * });
 * ```
 *
 * @module
 */
export {
  ATTEMPT_KEYS,
  attemptOf,
  DEFAULT_CONFIG,
  expectExactKeys,
  expectTime,
  present,
  RESOURCES_UPDATE_KEYS,
  ROLLOUT_KEYS,
  WORKER_KEYS,
} from './assertions';
export {
  sleep,
  type TrackedPromise,
  track,
  type UntilOptions,
  until,
  withDeadline,
} from './async';
export {
  llmResource,
  makeOtelSpan,
  makeSpan,
  type OtelSpanInit,
  promptTemplateResource,
  type SpanInit,
  sampleResources,
} from './builders';
export type { LightningStoreMismatches } from './conformance';
export { describeLightningStore } from './describe';
export { CONTRACT_GROUPS, contractGroupTitles, contractTestNames } from './groups';
export {
  CONTRACT_NAME_SEPARATOR,
  type ContractGroup,
  type ContractTestBody,
  type ContractTestCase,
  type ContractTestContext,
  type ContractTestRegistrar,
  type ContractTestSettings,
  collectContractTests,
  defineContractGroup,
} from './registry';
export {
  enqueueSeveral,
  type RolloutWithAttempts,
  rolloutIdsOf,
  rolloutWithAttempts,
  withStatuses,
} from './scenarios';
export { resolveSkips } from './skips';
export type { ContractContext, ContractSkip, ContractSuiteOptions } from './types';
