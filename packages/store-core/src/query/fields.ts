/**
 * How a field sorts: `string` (null sorts as `""`), `integer`
 * (never null), `time` (null sorts as +infinity) or `unorderable` (objects:
 * sorting fails as soon as two values must be compared).
 */
export type FieldKind = 'string' | 'integer' | 'time' | 'unorderable';

/** The entities a store lists. */
export type EntityName = 'rollouts' | 'attempts' | 'workers' | 'resources' | 'spans';

/** The fields of one entity in declaration order, each with its sort kind. */
export type FieldTable = Readonly<Record<string, FieldKind>>;

/** Rollout fields in declaration order (`attempt` is not a rollout field). */
export const ROLLOUT_FIELDS: FieldTable = {
  rollout_id: 'string',
  input: 'unorderable',
  start_time: 'time',
  end_time: 'time',
  mode: 'string',
  resources_id: 'string',
  status: 'string',
  config: 'unorderable',
  metadata: 'unorderable',
};

/** Attempt fields in declaration order. */
export const ATTEMPT_FIELDS: FieldTable = {
  rollout_id: 'string',
  attempt_id: 'string',
  sequence_id: 'integer',
  start_time: 'time',
  end_time: 'time',
  status: 'string',
  worker_id: 'string',
  last_heartbeat_time: 'time',
  metadata: 'unorderable',
};

/** Resources snapshot fields in declaration order. */
export const RESOURCES_FIELDS: FieldTable = {
  resources_id: 'string',
  create_time: 'time',
  update_time: 'time',
  version: 'integer',
  resources: 'unorderable',
};

/** Worker fields in declaration order. */
export const WORKER_FIELDS: FieldTable = {
  worker_id: 'string',
  status: 'string',
  heartbeat_stats: 'unorderable',
  last_heartbeat_time: 'time',
  last_dequeue_time: 'time',
  last_busy_time: 'time',
  last_idle_time: 'time',
  current_rollout_id: 'string',
  current_attempt_id: 'string',
};

/** Span fields in declaration order. */
export const SPAN_FIELDS: FieldTable = {
  rollout_id: 'string',
  attempt_id: 'string',
  sequence_id: 'integer',
  trace_id: 'string',
  span_id: 'string',
  parent_id: 'string',
  name: 'string',
  status: 'unorderable',
  attributes: 'unorderable',
  events: 'unorderable',
  links: 'unorderable',
  start_time: 'time',
  end_time: 'time',
  context: 'unorderable',
  parent: 'unorderable',
  resource: 'unorderable',
};

/** The field table of each entity. */
export const ENTITY_FIELDS: Readonly<Record<EntityName, FieldTable>> = {
  rollouts: ROLLOUT_FIELDS,
  attempts: ATTEMPT_FIELDS,
  workers: WORKER_FIELDS,
  resources: RESOURCES_FIELDS,
  spans: SPAN_FIELDS,
};

/**
 * The sort kind of an entity's field, or `undefined` when the name is not a field.
 *
 * @param entity - the entity
 * @param field - the wire field name
 */
export function fieldKind(entity: EntityName, field: string): FieldKind | undefined {
  const table = ENTITY_FIELDS[entity];
  return Object.hasOwn(table, field) ? table[field] : undefined;
}
