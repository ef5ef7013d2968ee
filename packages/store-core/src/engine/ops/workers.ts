import type { PaginatedResult, Worker } from '@agl/types';
import { cloneJson } from '../../clone';
import { InvalidArgumentError } from '../../errors';
import { workersQuery } from '../../query/build';
import { runListQuery } from '../../query/run';
import type { QueryWorkersOptions, WorkerUpdate } from '../../store';
import { heartbeatPatch } from '../../workers/telemetry';
import type { EngineContext } from '../context';
import { copyWorker } from '../copies';
import { upsertWorker } from '../lifecycle';

/**
 * Records a heartbeat: `last_heartbeat_time` and, when
 * given, `heartbeat_stats` (replaced); creates the worker (`unknown`) when new.
 *
 * @param ctx - the engine context
 * @param workerId - the worker
 * @param update - the stats
 * @throws InvalidArgumentError (`TypeError`) when the stats are not an object
 */
export function updateWorker(ctx: EngineContext, workerId: string, update: WorkerUpdate): Worker {
  if (typeof workerId !== 'string') throw new InvalidArgumentError('worker_id must be a string');
  const stats: unknown = update?.heartbeatStats;
  if (
    stats !== undefined &&
    (typeof stats !== 'object' || stats === null || Array.isArray(stats))
  ) {
    throw new InvalidArgumentError('heartbeat_stats must be an object', {
      pythonType: 'TypeError',
    });
  }
  const patch = heartbeatPatch(ctx.clock.now(), cloneJson(update?.heartbeatStats));
  return copyWorker(upsertWorker(ctx, workerId, patch));
}

/**
 * Lists workers: the backend's `queryWorkers` hook answers when it can, else a scan.
 *
 * @param ctx - the engine context
 * @param options - filters, sorting and pagination
 */
export function queryWorkers(
  ctx: EngineContext,
  options: QueryWorkersOptions,
): PaginatedResult<Worker> {
  const { backend } = ctx;
  const query = workersQuery(options);
  const page = backend.queryWorkers?.(query) ?? runListQuery(query, backend.listWorkers());
  return {
    items: page.items.map(copyWorker),
    limit: page.limit,
    offset: page.offset,
    total: page.total,
  };
}
