import { useEffect, useReducer } from 'preact/hooks';
import { rewardsUrl, spansUrl } from '../../core/query';
import { finalRewardFromDescending, type SpanReward } from '../../core/rewards';
import type { WirePage, WireSpan } from '../../core/wire';
import { getJson } from './api';
import { getCapabilities } from './live';
import { getSettings } from './settings';

/**
 * Final rewards of rollouts. On our server (capability `rewards`) one
 * `/rewards` request answers up to 100 rollouts at once. Elsewhere they are
 * computed in the browser from their spans (what every server allows): the
 * latest attempt's spans, newest first, 50 at a time until a reward appears
 * or 500 spans were read. At most 4 requests in flight; terminal attempts
 * cached for the session, others for 30 s.
 */
interface RewardEntry {
  value: SpanReward | null | undefined;
  loadedAt: number;
  status: string;
  listeners: Set<() => void>;
  queued: boolean;
}

const cache = new Map<string, RewardEntry>();
const queue: { key: string; rolloutId: string; attemptId: string }[] = [];
let running = 0;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'timeout', 'unresponsive']);

async function load(rolloutId: string, attemptId: string): Promise<SpanReward | null> {
  const spans: WireSpan[] = [];
  for (let offset = 0; offset < 500; offset += 50) {
    const page = await getJson<WirePage<WireSpan>>(
      spansUrl({
        rolloutId,
        attemptId,
        limit: 50,
        offset,
        sortBy: 'sequence_id',
        sortOrder: 'desc',
      }),
    );
    spans.push(...page.items);
    const reward = finalRewardFromDescending(spans, {
      countLegacy: getSettings().countLegacyRewards,
    });
    if (reward || offset + 50 >= page.total) return reward;
  }
  return null;
}

interface RewardItem {
  rollout_id: string;
  attempt_id: string | null;
  final_reward: number | null;
  dimensions: { name: string; value: number }[];
}

/** The server computes rewards the trainer's way; legacy forms need the browser's own reading. */
function serverRewards(): boolean {
  return getCapabilities().rewards === true && !getSettings().countLegacyRewards;
}

function pumpBatch(): void {
  const jobs = queue.splice(0, 100).filter((job) => {
    const entry = cache.get(job.key);
    if (entry && entry.listeners.size > 0) return true;
    if (entry) entry.queued = false;
    return false;
  });
  if (jobs.length === 0) return;
  running++;
  getJson<{ items: RewardItem[] }>(rewardsUrl(jobs.map((job) => job.rolloutId)))
    .then((answer) => {
      const byId = new Map(answer.items.map((item) => [item.rollout_id, item]));
      for (const job of jobs) {
        const entry = cache.get(job.key) as RewardEntry;
        const item = byId.get(job.rolloutId);
        // A newer attempt started since the row was drawn: its status change asks again.
        entry.value =
          item && item.attempt_id === job.attemptId && item.final_reward !== null
            ? {
                value: item.final_reward,
                dimensions: item.dimensions,
                source: 'dimensions',
                legacy: false,
              }
            : null;
      }
    })
    .catch(() => {
      for (const job of jobs) {
        const entry = cache.get(job.key) as RewardEntry;
        entry.value = entry.value ?? null;
      }
    })
    .finally(() => {
      running--;
      for (const job of jobs) {
        const entry = cache.get(job.key) as RewardEntry;
        entry.queued = false;
        entry.loadedAt = Date.now();
        for (const listener of entry.listeners) listener();
      }
      pump();
    });
}

let batchTimer: ReturnType<typeof setTimeout> | undefined;

function pump(): void {
  if (serverRewards()) {
    // Gather the rows of one render into one request.
    if (batchTimer === undefined && running < 4 && !document.hidden)
      batchTimer = setTimeout(() => {
        batchTimer = undefined;
        while (running < 4 && queue.length > 0 && !document.hidden) pumpBatch();
      }, 20);
    return;
  }
  // A hidden tab sends nothing; the queue resumes when it is shown again.
  while (running < 4 && queue.length > 0 && !document.hidden) {
    const job = queue.shift() as (typeof queue)[number];
    const entry = cache.get(job.key);
    if (!entry || entry.listeners.size === 0) {
      if (entry) entry.queued = false;
      continue;
    }
    running++;
    load(job.rolloutId, job.attemptId)
      .then((value) => {
        entry.value = value;
      })
      .catch(() => {
        entry.value = entry.value ?? null;
      })
      .finally(() => {
        running--;
        entry.queued = false;
        entry.loadedAt = Date.now();
        for (const listener of entry.listeners) listener();
        pump();
      });
  }
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) pump();
});

/** The final reward of an attempt: undefined while loading, null when none. */
export function useAttemptReward(
  rolloutId: string,
  attemptId: string | null | undefined,
  status: string,
): SpanReward | null | undefined {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const key = attemptId ? `${rolloutId}\u0000${attemptId}` : null;
  useEffect(() => {
    if (!key || !attemptId || !getSettings().computeRewards) return;
    let entry = cache.get(key);
    if (!entry) {
      entry = { value: undefined, loadedAt: 0, status, listeners: new Set(), queued: false };
      cache.set(key, entry);
    }
    const current = entry;
    const listener = () => rerender(0);
    current.listeners.add(listener);
    const stale =
      current.loadedAt === 0 ||
      current.status !== status ||
      (!TERMINAL.has(status) && Date.now() - current.loadedAt > 30_000);
    current.status = status;
    if (stale && !current.queued) {
      current.queued = true;
      queue.push({ key, rolloutId, attemptId });
      pump();
    }
    return () => {
      current.listeners.delete(listener);
    };
  }, [key, status]);
  return key ? cache.get(key)?.value : null;
}
