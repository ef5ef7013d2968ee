import type { NamedResources, PaginatedResult, ResourcesUpdate } from '@agl/types';
import { cloneJson } from '../../clone';
import { InvalidArgumentError } from '../../errors';
import { generateResourcesId, generateUniqueId } from '../../ids';
import { resourcesQuery } from '../../query/build';
import { runListQuery } from '../../query/run';
import type { QueryResourcesOptions } from '../../store';
import type { EngineContext } from '../context';
import { copyResources } from '../copies';

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that resources are an object of objects (full validation is the server's job).
 *
 * @param resources - the named resources
 * @throws InvalidArgumentError otherwise
 */
function checkResources(resources: NamedResources): void {
  if (!isObject(resources) || !Object.values(resources).every(isObject)) {
    throw new InvalidArgumentError('resources must map names to resource objects');
  }
}

/**
 * Replaces a snapshot's resources (version + 1, `create_time` kept) or
 * creates it (version 1); either way it becomes the latest.
 *
 * @param ctx - the engine context
 * @param resourcesId - the snapshot id (`null` = a fresh `rs-` id)
 * @param resources - the resources (copied)
 */
export function upsertResources(
  ctx: EngineContext,
  resourcesId: string | null,
  resources: NamedResources,
): ResourcesUpdate {
  checkResources(resources);
  if (resourcesId !== null && typeof resourcesId !== 'string') {
    throw new InvalidArgumentError('resources_id must be a string');
  }
  const { backend } = ctx;
  const now = ctx.clock.now();
  const id =
    resourcesId ??
    generateUniqueId(generateResourcesId, (candidate) => !!backend.getResources(candidate));
  const existing = backend.getResources(id);
  const snapshot: ResourcesUpdate = existing ?? {
    resources_id: id,
    create_time: now,
    update_time: now,
    version: 0,
    resources: {},
  };
  snapshot.resources = cloneJson(resources);
  snapshot.update_time = now;
  snapshot.version += 1;
  backend.putResources(snapshot);
  return copyResources(snapshot);
}

/**
 * Lists snapshots (exact id and substring, AND-ed; an exact id is looked up directly).
 *
 * @param ctx - the engine context
 * @param options - filters, sorting and pagination
 */
export function queryResources(
  ctx: EngineContext,
  options: QueryResourcesOptions,
): PaginatedResult<ResourcesUpdate> {
  const query = resourcesQuery(options);
  const id = options.resourcesId;
  const one = id === null || id === undefined ? undefined : ctx.backend.getResources(id);
  const candidates =
    id === null || id === undefined ? ctx.backend.listResources() : one ? [one] : [];
  return runListQuery(query, candidates, { map: copyResources });
}
