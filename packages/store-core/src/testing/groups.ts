import { cancellationGroup } from './groups/cancellation';
import { concurrencyGroup } from './groups/concurrency';
import { dequeueGroup } from './groups/dequeue';
import { dequeueManyGroup } from './groups/dequeue-many';
import { enqueueGroup } from './groups/enqueue';
import { errorsGroup } from './groups/errors';
import { heartbeatsGroup } from './groups/heartbeats';
import { idsGroup } from './groups/ids';
import { otelGroup } from './groups/otel';
import { queryAttemptsGroup } from './groups/query/attempts';
import { queryResourcesGroup } from './groups/query/resources';
import { rolloutFiltersGroup } from './groups/query/rollout-filters';
import { queryRolloutsGroup } from './groups/query/rollouts';
import { querySpansGroup } from './groups/query/spans';
import { queryWorkersGroup } from './groups/query/workers';
import { resourcesGroup } from './groups/resources';
import { sequenceGroup } from './groups/sequence';
import { shapesGroup } from './groups/shapes';
import { sortRolloutsGroup } from './groups/sort-rollouts';
import { sortSpansGroup } from './groups/sort-spans';
import { spansGroup } from './groups/spans';
import { startGroup } from './groups/start';
import { statisticsGroup } from './groups/statistics';
import { statusGroup } from './groups/status';
import { strandedClaimsGroup } from './groups/stranded-claims';
import { updateAttemptGroup } from './groups/update-attempt';
import { updateRolloutGroup } from './groups/update-rollout';
import { waitingGroup } from './groups/waiting';
import { watchdogScopeGroup } from './groups/watchdog/scope';
import { watchdogGroup } from './groups/watchdog/timeouts';
import { watchdogTriggersGroup } from './groups/watchdog/triggers';
import { workerStatusGroup } from './groups/worker-status';
import { workersGroup } from './groups/workers';
import { type ContractGroup, collectContractTests } from './registry';

/** Every group of the contract suite, in the order the suite runs them. */
export const CONTRACT_GROUPS: readonly ContractGroup[] = [
  idsGroup,
  shapesGroup,
  enqueueGroup,
  dequeueGroup,
  dequeueManyGroup,
  startGroup,
  statusGroup,
  updateAttemptGroup,
  cancellationGroup,
  updateRolloutGroup,
  spansGroup,
  heartbeatsGroup,
  otelGroup,
  sequenceGroup,
  queryRolloutsGroup,
  rolloutFiltersGroup,
  sortRolloutsGroup,
  queryAttemptsGroup,
  querySpansGroup,
  sortSpansGroup,
  queryWorkersGroup,
  queryResourcesGroup,
  resourcesGroup,
  workersGroup,
  workerStatusGroup,
  watchdogGroup,
  watchdogScopeGroup,
  watchdogTriggersGroup,
  strandedClaimsGroup,
  waitingGroup,
  concurrencyGroup,
  statisticsGroup,
  errorsGroup,
];

/**
 * The full name (`"group > test"`) of every contract test, in run order. Use
 * these strings in `skip` entries; a skip naming anything else throws.
 */
export function contractTestNames(): string[] {
  return collectContractTests(CONTRACT_GROUPS).map((test) => test.fullName);
}

/** The title of every contract group; a skip entry may name a whole group. */
export function contractGroupTitles(): string[] {
  return CONTRACT_GROUPS.map((group) => group.title);
}
