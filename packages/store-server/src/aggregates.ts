import type { LightningStore } from '@agl/store-core';
import { STORE_API_PREFIX } from '@agl/types';
import { Hono } from 'hono';
import type { AttemptReward, RewardReader, RewardTracker } from './reward-tracker';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
const DONE_ATTEMPT = new Set(['succeeded', 'failed', 'timeout', 'unresponsive']);
const MAX_IDS = 100;
const MAX_BUCKETS = 1000;
const PAGE = 1000;
/** Rewards of finished attempts kept (they no longer change). */
const CACHE_LIMIT = 100_000;

const bad = (detail: string) =>
  new Response(JSON.stringify({ detail }), {
    status: 400,
    headers: { 'content-type': 'application/json' },
  });

/**
 * Read-only aggregates for dashboards: the final reward of rollouts
 * (`GET /v1/agl/rewards`) and rollouts created, finished and rewarded per
 * time bucket (`GET /v1/agl/timeseries`). The reward of an attempt created
 * through this server comes from `tracked`, kept up to date as its spans are
 * written, so it survives their eviction. Other attempts (created before the
 * server started, by another process, or dropped from `tracked`) are read
 * from their spans; the rewards of finished ones are cached.
 *
 * @param store - the store to read
 * @param readReward - how rewards are read from spans (the dashboard's own reader)
 * @param tracked - rewards maintained at span insertion
 * @returns a hono app with the two routes
 */
export function createAggregateRoutes(
  store: LightningStore,
  readReward: RewardReader,
  tracked: RewardTracker,
): Hono {
  const cache = new Map<string, AttemptReward>();
  const rewardOf = async (
    rolloutId: string,
    attempt: { attempt_id: string; status: string },
  ): Promise<AttemptReward> => {
    const current = tracked.get(rolloutId, attempt.attempt_id);
    if (current) return current;
    const key = `${rolloutId}\u0000${attempt.attempt_id}`;
    const known = cache.get(key);
    if (known) return known;
    let reward: AttemptReward;
    try {
      const spans = await store.querySpans(rolloutId, {
        attemptId: attempt.attempt_id,
        sortBy: 'sequence_id',
        sortOrder: 'asc',
      });
      reward = readReward(spans.items);
    } catch {
      // Evicted spans (or a store error) leave the reward unknown rather than failing the page.
      return { final_reward: null, dimensions: [], reward_spans: 0 };
    }
    if (DONE_ATTEMPT.has(attempt.status)) {
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(key, reward);
    }
    return reward;
  };

  const app = new Hono();
  app.get(`${STORE_API_PREFIX}/rewards`, async (c) => {
    const ids = new URL(c.req.url).searchParams.getAll('rollout_id_in');
    if (ids.length === 0) return bad('At least one rollout id');
    if (ids.length > MAX_IDS) return bad(`At most ${MAX_IDS} rollout ids`);
    const page = await store.queryRollouts({ rolloutIdIn: ids, limit: ids.length });
    const byId = new Map(page.items.map((r) => [r.rollout_id, r]));
    const items = [];
    for (const id of new Set(ids)) {
      const rollout = byId.get(id);
      if (!rollout) continue;
      const attempt = 'attempt' in rollout ? rollout.attempt : null;
      const reward = attempt
        ? await rewardOf(id, attempt)
        : { final_reward: null, dimensions: [], reward_spans: 0 };
      items.push({ rollout_id: id, attempt_id: attempt?.attempt_id ?? null, ...reward });
    }
    return c.json({ items });
  });

  app.get(`${STORE_API_PREFIX}/timeseries`, async (c) => {
    const params = new URL(c.req.url).searchParams;
    const now = Date.now() / 1000;
    const since = Number(params.get('since'));
    const until = params.has('until') ? Number(params.get('until')) : now;
    const width = Number(params.get('bucket_seconds'));
    const modes = params.getAll('mode_in');
    if (!params.has('since') || !Number.isFinite(since) || !Number.isFinite(until))
      return bad('since and until must be numbers (epoch seconds)');
    if (!Number.isInteger(width) || width < 1)
      return bad('bucket_seconds must be an integer of at least 1');
    if (modes.some((m) => !['train', 'val', 'test', 'none'].includes(m)))
      return bad('mode_in values are train, val, test or none');
    const first = Math.floor(since / width) * width;
    const count = Math.max(0, Math.floor((until - first) / width) + 1);
    if (count > MAX_BUCKETS) return bad(`At most ${MAX_BUCKETS} buckets`);
    const buckets = Array.from({ length: count }, (_, i) => ({
      start: first + i * width,
      created: 0,
      finished: { succeeded: 0, failed: 0, cancelled: 0 },
      rewards: [] as number[],
    }));
    const inModes = (mode: string | null) =>
      modes.length === 0 || modes.includes(mode === null ? 'none' : mode);
    const bucketOf = (t: number | null) =>
      t === null || t < first || t > until ? undefined : buckets[Math.floor((t - first) / width)];
    // Newest first, page by page, until the rollouts are older than the window.
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.queryRollouts({
        sortBy: 'start_time',
        sortOrder: 'desc',
        limit: PAGE,
        offset,
      });
      for (const r of page.items) {
        const bucket = inModes(r.mode ?? null) ? bucketOf(r.start_time) : undefined;
        if (bucket) bucket.created++;
      }
      const last = page.items.at(-1);
      if (page.items.length < PAGE || !last || last.start_time < first) break;
    }
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.queryRollouts({
        statusIn: ['succeeded', 'failed', 'cancelled'],
        sortBy: 'end_time',
        sortOrder: 'desc',
        limit: PAGE,
        offset,
      });
      for (const r of page.items) {
        const bucket = inModes(r.mode ?? null) ? bucketOf(r.end_time ?? null) : undefined;
        if (!bucket || !TERMINAL.has(r.status)) continue;
        bucket.finished[r.status as 'succeeded' | 'failed' | 'cancelled']++;
        if (!('attempt' in r) || !r.attempt) continue;
        const reward = await rewardOf(r.rollout_id, r.attempt);
        if (reward.final_reward !== null) bucket.rewards.push(reward.final_reward);
      }
      const last = page.items.at(-1);
      if (page.items.length < PAGE || !last || (last.end_time ?? 0) < first) break;
    }
    return c.json({
      bucket_seconds: width,
      buckets: buckets.map(({ rewards, ...b }) => ({
        ...b,
        reward: {
          count: rewards.length,
          mean: rewards.length ? rewards.reduce((s, v) => s + v, 0) / rewards.length : null,
          min: rewards.length ? Math.min(...rewards) : null,
          max: rewards.length ? Math.max(...rewards) : null,
        },
      })),
    });
  });
  return app;
}
