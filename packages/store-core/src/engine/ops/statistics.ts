import type { StoreStatistics } from '@agl/types';
import { buildStatistics, type StoreCounters } from '../../statistics';
import type { StorageBackend } from '../backend';

function count(items: Iterable<unknown>): number {
  let n = 0;
  for (const _ of items) n++;
  return n;
}

/**
 * The five collection totals counted by scanning the backend (for backends
 * without a `counters` hook).
 *
 * @param backend - the storage
 */
function countByScan(backend: StorageBackend): StoreCounters {
  let rollouts = 0;
  let attempts = 0;
  let spans = 0;
  for (const rollout of backend.listRollouts()) {
    rollouts++;
    attempts += backend.attemptsOf(rollout.rollout_id).length;
    spans += count(backend.listSpans(rollout.rollout_id));
  }
  return {
    total_rollouts: rollouts,
    total_attempts: attempts,
    total_spans: spans,
    total_resources: count(backend.listResources()),
    total_workers: count(backend.listWorkers()),
  };
}

/**
 * The engine's statistics: `name`, the five totals, `uptime`, then the
 * backend's own figures.
 *
 * @param backend - the storage
 * @param name - the store's name
 * @param uptime - seconds since the store was constructed
 */
export function engineStatistics(
  backend: StorageBackend,
  name: string,
  uptime: number,
): StoreStatistics {
  const counters = backend.counters?.() ?? countByScan(backend);
  return { ...buildStatistics(name, counters, { uptime }), ...backend.statistics?.() };
}
