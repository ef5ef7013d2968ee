import type { AttemptUpdate, RolloutUpdate, WorkerUpdate } from '@agl/store-core';
import type { UpdateAttemptRequest, UpdateRolloutRequest } from '@agl/types';
import { fullConfig } from './normalise';

/**
 * Body of `POST /rollouts/{id}`: only the keys the caller supplied (an
 * explicit `null` is sent as `null`; `undefined` counts as not supplied).
 *
 * @param update - the fields to change
 */
export function updateRolloutBody(update: RolloutUpdate = {}): UpdateRolloutRequest {
  const body: UpdateRolloutRequest = {};
  if (update.input !== undefined) body.input = update.input;
  if (update.mode !== undefined) body.mode = update.mode;
  if (update.resourcesId !== undefined) body.resources_id = update.resourcesId;
  if (update.status !== undefined) body.status = update.status;
  if (update.config !== undefined)
    body.config = update.config === null ? null : fullConfig(update.config);
  if (update.metadata !== undefined) body.metadata = update.metadata;
  return body;
}

/**
 * Body of `POST /rollouts/{id}/attempts/{aid}`: only the supplied keys.
 *
 * @param update - the fields to change
 */
export function updateAttemptBody(update: AttemptUpdate = {}): UpdateAttemptRequest {
  const body: UpdateAttemptRequest = {};
  if (update.status !== undefined) body.status = update.status;
  if (update.workerId !== undefined) body.worker_id = update.workerId;
  if (update.lastHeartbeatTime !== undefined) body.last_heartbeat_time = update.lastHeartbeatTime;
  if (update.metadata !== undefined) body.metadata = update.metadata;
  return body;
}

/**
 * Body of `POST /workers/{id}`: `{heartbeat_stats}` when supplied, otherwise no body.
 *
 * @param update - the heartbeat's stats
 */
export function updateWorkerBody(
  update: WorkerUpdate = {},
): { heartbeat_stats: unknown } | undefined {
  return update.heartbeatStats === undefined
    ? undefined
    : { heartbeat_stats: update.heartbeatStats };
}
