import { describe, expect, it } from 'vitest';
import {
  assertClean,
  browserAvailable,
  type Harness,
  openPage,
  screenshot,
  useHarness,
} from './harness';

const run = browserAvailable ? describe : describe.skip;

run('reference mode: a plain (Python-like) server behind the agl dashboard proxy', () => {
  const h = useHarness({ mode: 'reference', rollouts: 120 });

  it('renders every page by polling, never using our extensions', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    for (const [name, path, heading] of [
      ['overview', 'overview', 'Overview'],
      ['rollouts', 'rollouts', 'Rollouts'],
      ['rollout-detail', `rollouts/${seed.special.retried}`, 'Rollout'],
      ['traces', 'traces', 'Traces'],
      ['resources', 'resources/v3', 'Resources v3'],
      ['runners', 'runners', 'Runners'],
    ] as const) {
      await page.goto(`${h.dashboardUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).filter({ hasText: heading }).first().waitFor();
      await page
        .locator('[aria-busy="true"]')
        .first()
        .waitFor({ state: 'detached', timeout: 5000 })
        .catch(() => undefined);
      await screenshot(page, 'reference', name, 'light');
    }
    await page.getByTestId('refresh-mode').getByText('Polling every 5 s').waitFor();
    // Request rate of an idle Rollouts tab polling every 5 s (after its first load).
    await page.goto(`${h.dashboardUrl}rollouts`);
    await page.locator('tr[data-rollout]').first().waitFor();
    await page.waitForTimeout(3000);
    const before = log.requests.length;
    await page.waitForTimeout(10_000);
    const rate = (log.requests.length - before) / 10;
    console.log(`[reference] Rollouts tab: ${rate.toFixed(2)} requests/s while polling`);
    expect(rate).toBeLessThanOrEqual(2);
    // The mode filter says why it is off; the overview counts equal the seed.
    await page.goto(`${h.dashboardUrl}rollouts`);
    await page.getByText('This server cannot filter by mode').first().waitFor();
    await page.goto(`${h.dashboardUrl}overview`);
    const counts = page.getByTestId('rollout-counts');
    await counts.getByText(String(seed.statusCounts.succeeded)).first().waitFor();
    const bad = log.requests.filter((r) =>
      /\/(events|rewards|timeseries)\b|mode_in|resources_id_in/.test(r.url),
    );
    expect(bad).toEqual([]);
    for (const r of log.requests.filter((x) => /[?&]limit=/.test(x.url))) {
      const limit = Number(new URL(r.url).searchParams.get('limit'));
      expect(limit >= 1 && limit <= 2000).toBe(true);
    }
    await assertClean(page, log, expect);
    await context.close();
  });

  it('shows an unknown rollout as not found after the 500 and the confirmation query', async () => {
    const { page, log, context } = await openPage();
    await page.goto(`${h.dashboardUrl}rollouts/ro-does-not-exist`);
    await page.getByRole('heading', { name: 'Rollout ro-does-not-exist not found' }).waitFor();
    expect(log.requests.some((r) => r.url.includes('rollout_id_in=ro-does-not-exist'))).toBe(true);
    await screenshot(page, 'reference', 'not-found', 'light');
    expect(await page.locator('.notice.error').count()).toBe(0);
    await context.close();
  });
});
