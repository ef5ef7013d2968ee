import { LightningStoreClient } from '@agl/store-client';
import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import { assertClean, browserAvailable, openPage, screenshot, useHarness } from './harness';
import { SeedClock } from './seed';
import { makeSpan } from './seed-spans';

const run = browserAvailable ? describe : describe.skip;

/** Every span counts 1,000 bytes against an eviction threshold of 10,000. */
const SPAN_BYTES = 1000;
const EVICTION_BYTES = 10_000;

run('the span-memory gauge on the Overview', () => {
  let client: LightningStoreClient;
  let added = 0;
  const addSpans = async (rolloutId: string, attemptId: string, count: number) => {
    const now = Date.now() / 1000;
    const spans = Array.from({ length: count }, () => {
      added++;
      return makeSpan({
        rolloutId,
        attemptId,
        sequenceId: added,
        traceId: 'c'.repeat(32),
        spanId: added.toString(16).padStart(16, '0'),
        parentId: null,
        name: `step ${added}`,
        start: now,
        end: now + 0.1,
      });
    });
    await client.addManySpans(spans);
  };
  const h = useHarness(
    async (closeLater) => {
      const clock = new SeedClock();
      const store = closeLater(
        new InMemoryLightningStore({
          clock,
          watchdogIntervalSeconds: null,
          spanSizeEstimator: () => SPAN_BYTES,
          evictionThresholdBytes: EVICTION_BYTES,
          safeThresholdBytes: EVICTION_BYTES / 2,
        }),
      );
      return { mode: 'ours', rollouts: 0, store, clock };
    },
    {
      setup: (h, closeLater) => {
        client = closeLater(new LightningStoreClient(h.storeUrl));
      },
    },
  );

  it('shows the share of the eviction threshold in use and warns from 80 %', async () => {
    const { page, log, context } = await openPage();
    const rollout = await client.startRollout({ question: 'memory' });
    const attemptId = rollout.attempt.attempt_id;
    await addSpans(rollout.rollout_id, attemptId, 5);
    await page.goto(`${h.dashboardUrl}overview`);
    const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Span memory' }) });
    await card.getByText('50% of the eviction threshold').waitFor();
    const meter = card.getByRole('meter', { name: 'Span memory used' });
    await expect(meter.getAttribute('max')).resolves.toBe(String(EVICTION_BYTES));
    await expect(meter.getAttribute('value')).resolves.toBe(String(5 * SPAN_BYTES));
    await expect(card.getByText('will be evicted soon').count()).resolves.toBe(0);
    await screenshot(page, 'checks-b', 'overview-span-memory', 'light');

    // Below 80 % no warning; at 80 % the card warns.
    await addSpans(rollout.rollout_id, attemptId, 2);
    await card.getByText('70% of the eviction threshold').waitFor({ timeout: 10_000 });
    await expect(card.getByText('will be evicted soon').count()).resolves.toBe(0);
    await addSpans(rollout.rollout_id, attemptId, 1);
    await card.getByText('80% of the eviction threshold').waitFor({ timeout: 10_000 });
    await card.getByText('Spans of the oldest rollouts will be evicted soon').waitFor();
    // Nothing was evicted on the way: every span is still stored.
    expect((await h.store.querySpans(rollout.rollout_id)).total).toBe(8);
    await screenshot(page, 'checks-b', 'overview-span-memory-warning', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });
});
