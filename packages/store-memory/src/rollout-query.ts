import {
  filterIsEmpty,
  type ListQuery,
  pageBounds,
  pinnedValues,
  runListQuery,
} from '@agl/store-core/backend';
import type { PaginatedResult, RolloutStatus } from '@agl/types';
import type { RolloutRecord, RolloutTable } from './rollout-table';

/** Reads a rollout field of a record. */
function readRollout(record: RolloutRecord, field: string): unknown {
  return (record.rollout as Record<string, unknown>)[field];
}

/** The records of the listed ids that exist, once each, in creation order. */
function recordsOfIds(table: RolloutTable, ids: readonly unknown[]): RolloutRecord[] {
  const found = new Set<RolloutRecord>();
  for (const id of ids) {
    const record = typeof id === 'string' ? table.get(id) : undefined;
    if (record) found.add(record);
  }
  return [...found].sort((a, b) => a.seq - b.seq);
}

/**
 * Answers a rollout query from the table's indexes (the engine's
 * `queryRollouts` hook); the items are the table's records (rollout and
 * attempts). Natural-order pages filtered only by status (or not
 * filtered) come straight from the positional status index without touching
 * other rollouts; a filter that pins ids or statuses narrows the candidates;
 * anything else is left to the engine's scan (`undefined`).
 *
 * @param table - the rollouts
 * @param query - the normalised query
 */
export function queryRolloutsIndexed(
  table: RolloutTable,
  query: ListQuery,
): PaginatedResult<RolloutRecord> | undefined {
  const { filter, limit, offset } = query;
  const statuses = pinnedValues(filter, 'status') as RolloutStatus[] | null;
  const onlyCondition = filter.must.length === 0 && filter.pool.length === 1;
  if (query.sortBy === null && (filterIsEmpty(filter) || (statuses && onlyCondition))) {
    const total = statuses ? table.countByStatus(statuses) : table.size;
    const { start, end } = pageBounds(total, limit, offset);
    const seqs = statuses
      ? table.seqsByStatus(statuses, start, end - start)
      : Array.from({ length: end - start }, (_, i) => start + i);
    return { items: seqs.map((seq) => table.at(seq)), limit, offset, total };
  }
  const ids = pinnedValues(filter, 'rollout_id');
  if (ids) return runListQuery(query, recordsOfIds(table, ids), { read: readRollout });
  if (statuses) {
    const candidates = table.seqsByStatus(statuses).map((seq) => table.at(seq));
    return runListQuery(query, candidates, { read: readRollout });
  }
  return undefined;
}
