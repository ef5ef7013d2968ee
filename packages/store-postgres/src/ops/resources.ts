import { InternalStoreError, type QueryResourcesOptions } from '@agl/store-core';
import { generateResourcesId, resourcesQuery } from '@agl/store-core/backend';
import type { NamedResources, PaginatedResult, ResourcesUpdate } from '@agl/types';
import { runSqlQuery } from '../query/run';
import { decodeResources, RESOURCES_COLUMNS } from '../rows';
import type { SqlExecutor } from '../sql/client';
import { encodeJson } from '../sql/json';
import { checkResources } from '../validate';

const RETURNING = `RETURNING ${RESOURCES_COLUMNS}`;

/**
 * Stores a new snapshot with a random `rs-` id (drawn again in the rare case
 * it is taken) and version 1; its fresh `touch_seq` makes it the latest.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param resources - the named resources
 * @param now - the current time
 */
export async function addResources(
  sql: SqlExecutor,
  partition: string,
  resources: NamedResources,
  now: number,
): Promise<ResourcesUpdate> {
  checkResources(resources);
  const json = encodeJson(resources, 'resources');
  for (let round = 0; round < 8; round++) {
    const [row] = await sql.query(
      `INSERT INTO agl_resources (partition, resources_id, touch_seq, create_time, update_time,
          version, resources)
        VALUES ($1, $2, nextval('agl_resources_touch_seq'), $3, $3, 1, $4)
        ON CONFLICT DO NOTHING ${RETURNING}`,
      [partition, generateResourcesId(), now, json],
    );
    if (row) return decodeResources(row);
  }
  throw new InternalStoreError('Could not allocate a resources id');
}

/**
 * Replaces a snapshot's resources (version + 1, `update_time` now) or creates
 * it (version 1) in one atomic upsert; either way it becomes the latest.
 * Concurrent updates of one id each add a version.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param resourcesId - the snapshot id
 * @param resources - the named resources
 * @param now - the current time
 */
export async function updateResources(
  sql: SqlExecutor,
  partition: string,
  resourcesId: string,
  resources: NamedResources,
  now: number,
): Promise<ResourcesUpdate> {
  checkResources(resources);
  const [row] = await sql.query(
    `INSERT INTO agl_resources AS x (partition, resources_id, touch_seq, create_time,
        update_time, version, resources)
      VALUES ($1, $2, nextval('agl_resources_touch_seq'), $3, $3, 1, $4)
      ON CONFLICT (partition, resources_id) DO UPDATE SET resources = EXCLUDED.resources,
        update_time = EXCLUDED.update_time, version = x.version + 1,
        touch_seq = EXCLUDED.touch_seq
      ${RETURNING}`,
    [partition, resourcesId, now, encodeJson(resources, 'resources')],
  );
  return decodeResources(row as Record<string, unknown>);
}

/**
 * Reads one snapshot, or the latest one when `resourcesId` is `null`.
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param resourcesId - the snapshot id, or `null` for the latest
 */
export async function getResources(
  sql: SqlExecutor,
  partition: string,
  resourcesId: string | null,
): Promise<ResourcesUpdate | null> {
  const [row] =
    resourcesId === null
      ? await sql.query(
          `SELECT ${RESOURCES_COLUMNS} FROM agl_resources WHERE partition = $1
            ORDER BY touch_seq DESC LIMIT 1`,
          [partition],
        )
      : await sql.query(
          `SELECT ${RESOURCES_COLUMNS} FROM agl_resources
            WHERE partition = $1 AND resources_id = $2`,
          [partition, resourcesId],
        );
  return row ? decodeResources(row) : null;
}

/**
 * Lists snapshots (exact id and substring, AND-ed; creation order by default).
 *
 * @param sql - a connection
 * @param partition - the store's partition
 * @param options - filters, sorting and pagination
 */
export function queryResources(
  sql: SqlExecutor,
  partition: string,
  options: QueryResourcesOptions,
): Promise<PaginatedResult<ResourcesUpdate>> {
  return runSqlQuery(sql, resourcesQuery(options), {
    from: 'agl_resources x',
    alias: 'x',
    partition,
    naturalOrder: 'x.seq',
    columns: RESOURCES_COLUMNS,
    decode: decodeResources,
  });
}
