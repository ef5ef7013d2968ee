import { until } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import { IdleWatch } from '../src/trainer/idle-watch';

describe('IdleWatch', () => {
  it('warns once when queued rollouts find no runner, not while a runner works', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const warnings: string[] = [];
    const watch = new IdleWatch(store, {
      warnAfterSeconds: 0.2,
      warn: (m) => warnings.push(m),
    });
    const busy = await store.enqueueRollout({ x: 0 });
    await store.startAttempt(busy.rollout_id);
    await store.enqueueRollout({ x: 1 });
    watch.start();
    // One rollout running: no warning however long it takes.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(warnings).toEqual([]);
    await store.updateRollout(busy.rollout_id, { status: 'succeeded' });
    await until(() => warnings.length > 0, { timeoutSeconds: 10 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    watch.stop();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /1 rollout\(s\) have been queued for \d+s and no runner has taken any/,
    );
    expect(warnings[0]).toContain('AGL_CURRENT_ROLE');
    await store.close();
  });
});
