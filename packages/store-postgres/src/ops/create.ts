import { type CreateRolloutOptions, InternalStoreError } from '@agl/store-core';
import {
  buildRollout,
  cloneJson,
  generateRolloutId,
  resolveRolloutConfig,
  rolloutStatusEffects,
  validateCreateRolloutOptions,
} from '@agl/store-core/backend';
import type { AttemptedRollout, Rollout, RolloutStatus } from '@agl/types';
import type { TxContext } from '../context';
import type { RolloutRecord } from '../rows';
import { encodeJson } from '../sql/json';
import { startNextAttempts } from './attempt-rows';
import { syncWorker } from './lifecycle';

/** One rollout to create: its payload and options. */
export interface NewRolloutItem {
  /** The task payload. */
  readonly input: unknown;
  /** Mode, resources, config, metadata. */
  readonly options: CreateRolloutOptions;
}

/**
 * The id of the latest resources snapshot (the one touched last by
 * `addResources`/`updateResources`), or `null`.
 *
 * @param ctx - the transaction
 */
async function latestResourcesId(ctx: TxContext): Promise<string | null> {
  const [row] = await ctx.sql.query<{ resources_id: string }>(
    `SELECT resources_id FROM agl_resources WHERE partition = $1
      ORDER BY touch_seq DESC LIMIT 1`,
    [ctx.partition],
  );
  return row?.resources_id ?? null;
}

/**
 * Validates and builds rollouts (shared `buildRollout`, `resolveRolloutConfig`)
 * and inserts them in one multi-row statement, in order: row order gives
 * both the natural order and, for `queuing`, the queue order. Ids are random;
 * the rare one already taken is drawn again. Validates every item first, so a
 * bad item stores nothing.
 *
 * @param ctx - the transaction
 * @param items - the rollouts
 * @param status - `queuing` (enqueue) or `preparing` (start)
 */
export async function insertRollouts(
  ctx: TxContext,
  items: readonly NewRolloutItem[],
  status: RolloutStatus,
): Promise<RolloutRecord[]> {
  const configs = items.map((item) => {
    validateCreateRolloutOptions(item.options);
    return resolveRolloutConfig(item.options.config);
  });
  const latest = items.some((item) => item.options.resourcesId == null)
    ? await latestResourcesId(ctx)
    : null;
  const rollouts = items.map(({ input, options }, i) =>
    buildRollout({
      rolloutId: generateRolloutId(),
      input: cloneJson(input === undefined ? null : input),
      now: ctx.now,
      status,
      mode: options.mode,
      resourcesId: options.resourcesId ?? latest,
      config: configs[i] as Rollout['config'],
      metadata: cloneJson(options.metadata),
    }),
  );
  const effects = rolloutStatusEffects(status, { alreadyQueued: false, now: ctx.now });
  let pending = rollouts.map((rollout) => ({
    rollout,
    input: encodeJson(rollout.input, 'input'),
    config: encodeJson(rollout.config, 'config'),
    metadata: encodeJson(rollout.metadata, 'metadata'),
  }));
  for (let round = 0; pending.length > 0; round++) {
    if (round === 8) throw new InternalStoreError('Could not allocate rollout ids');
    const rows = await ctx.sql.query<{ rollout_id: string }>(
      `INSERT INTO agl_rollouts (partition, rollout_id, input, start_time, mode, resources_id,
          status, config, timeout_seconds, unresponsive_seconds, metadata, end_time, queue_seq)
        SELECT $1, t.rollout_id, t.input, $2, t.mode, t.resources_id, $3, t.config,
            t.timeout_seconds, t.unresponsive_seconds, t.metadata, $4,
            CASE WHEN $5::bool THEN nextval('agl_queue_seq') END
          FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[],
              $12::float8[], $13::text[])
            AS t(rollout_id, input, mode, resources_id, config, timeout_seconds,
              unresponsive_seconds, metadata)
        ON CONFLICT DO NOTHING RETURNING rollout_id`,
      [
        ctx.partition,
        ctx.now,
        status,
        effects.endTime,
        effects.enqueue,
        pending.map((p) => p.rollout.rollout_id),
        pending.map((p) => p.input),
        pending.map((p) => p.rollout.mode),
        pending.map((p) => p.rollout.resources_id),
        pending.map((p) => p.config),
        pending.map((p) => p.rollout.config.timeout_seconds),
        pending.map((p) => p.rollout.config.unresponsive_seconds),
        pending.map((p) => p.metadata),
      ],
    );
    const inserted = new Set(rows.map((row) => row.rollout_id));
    pending = pending.filter((p) => !inserted.has(p.rollout.rollout_id));
    for (const p of pending) p.rollout.rollout_id = generateRolloutId();
  }
  if (effects.endTime !== null) for (const r of rollouts) r.end_time = effects.endTime;
  if (effects.releaseWaiters) for (const r of rollouts) ctx.terminal.add(r.rollout_id);
  return rollouts.map((rollout) => ({
    rollout,
    attemptCount: 0,
    queued: effects.enqueue,
    enqueue: false,
  }));
}

/**
 * Creates a `preparing` rollout with attempt #1, outside the queue, and
 * syncs the worker when one is given.
 *
 * @param ctx - the transaction
 * @param input - the task payload
 * @param options - creation options and the running worker
 */
export async function startRollout(
  ctx: TxContext,
  input: unknown,
  options: CreateRolloutOptions & { readonly workerId?: string | null | undefined },
): Promise<AttemptedRollout> {
  const [record] = await insertRollouts(ctx, [{ input, options }], 'preparing');
  const created = record as RolloutRecord;
  const [attempt] = startNextAttempts(ctx, [created], options.workerId ?? null);
  ctx.writes.saveRollouts([created]);
  if (options.workerId !== null && options.workerId !== undefined && attempt) {
    syncWorker(ctx, attempt);
  }
  return { ...created.rollout, attempt: attempt as NonNullable<typeof attempt> };
}
