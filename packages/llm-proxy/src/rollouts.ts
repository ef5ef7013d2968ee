/**
 * Cached rollout lookups: whether a rollout and attempt exist, and the rollout's mode. Uses
 * `queryRollouts({rolloutIdIn})`, which answers an empty page for unknown ids on every store
 * (some answer an error for `getRolloutById`).
 */
import type { LightningStore } from '@agl/store-core';

/** What a lookup found. */
export type LookupResult =
  | { kind: 'ok'; mode: 'train' | 'val' | 'test' | null }
  | { kind: 'unknown-rollout' }
  | { kind: 'unknown-attempt' };

interface Entry {
  mode: 'train' | 'val' | 'test' | null;
  attempts: Set<string>;
  expiresAt: number;
  refreshedAt: number;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/** An LRU cache of positive lookups. */
export class RolloutCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * The answer for a rollout and attempt the cache already knows (marking the rollout recently
   * used, as `lookup` does), or `null` when only `lookup` can tell: lets the common call skip a
   * promise and a deadline timer.
   */
  known(rolloutId: string, attemptId: string): LookupResult | null {
    const entry = this.entries.get(rolloutId);
    if (!entry || entry.expiresAt < Date.now() || !entry.attempts.has(attemptId)) return null;
    this.entries.delete(rolloutId);
    this.entries.set(rolloutId, entry);
    return { kind: 'ok', mode: entry.mode };
  }

  /** Looks a rollout and attempt up, from the cache when possible. */
  async lookup(store: LightningStore, rolloutId: string, attemptId: string): Promise<LookupResult> {
    const hit = this.known(rolloutId, attemptId);
    if (hit) return hit;
    const now = Date.now();
    let entry = this.entries.get(rolloutId);
    if (entry && entry.expiresAt < now) {
      this.entries.delete(rolloutId);
      entry = undefined;
    }
    if (entry) {
      // Known rollout, new attempt: mark it recently used before asking for its attempts.
      this.entries.delete(rolloutId);
      this.entries.set(rolloutId, entry);
    } else {
      const page = await store.queryRollouts({ rolloutIdIn: [rolloutId], limit: 1 });
      const rollout = page.items[0];
      if (!rollout) return { kind: 'unknown-rollout' };
      const latest = 'attempt' in rollout && rollout.attempt ? rollout.attempt.attempt_id : null;
      entry = {
        mode: (rollout.mode ?? null) as Entry['mode'],
        attempts: new Set(latest ? [latest] : []),
        expiresAt: now + TTL_MS,
        refreshedAt: 0,
      };
      this.entries.set(rolloutId, entry);
      if (this.entries.size > MAX_ENTRIES)
        this.entries.delete(this.entries.keys().next().value as string);
    }
    if (!entry.attempts.has(attemptId) && now - entry.refreshedAt >= 1000) {
      entry.refreshedAt = now;
      const attempts = await store.queryAttempts(rolloutId, { limit: -1 });
      for (const a of attempts.items) entry.attempts.add(a.attempt_id);
    }
    return entry.attempts.has(attemptId)
      ? { kind: 'ok', mode: entry.mode }
      : { kind: 'unknown-attempt' };
  }
}
