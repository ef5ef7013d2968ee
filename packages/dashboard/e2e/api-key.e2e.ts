import { LightningStoreClient } from '@agl/store-client';
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
const KEY = 'dash-key-0123456789';

run('a store that requires an access key (agl store --api-key)', () => {
  let client: LightningStoreClient;
  const h = useHarness(
    { mode: 'ours', rollouts: 40, spans: 'small', apiKey: KEY },
    {
      setup: (h, closeLater) => {
        client = closeLater(new LightningStoreClient(h.storeUrl, { apiKey: KEY }));
      },
    },
  );

  it('asks for the key once per tab, sends it with every API call and streams live hints with it', async () => {
    const { page, log, context } = await openPage();
    const api: { url: string; authorization: string | undefined; after: boolean }[] = [];
    let entered = false;
    page.on('request', (request) => {
      if (request.url().includes('/v1/agl/'))
        api.push({
          url: request.url(),
          authorization: request.headers().authorization,
          after: entered,
        });
    });
    // The page and its files load without the key; the first refused API call asks for it.
    await page.goto(`${h.dashboardUrl}rollouts`);
    const dialog = page.getByRole('dialog', { name: 'Access key required' });
    await dialog.waitFor();
    await screenshot(page, 'api-key', 'prompt', 'light');
    await dialog.getByLabel('Access key').fill('not-the-key');
    await dialog.getByRole('button', { name: 'Use key' }).click();
    await dialog.getByText('The store refused the access key').waitFor();
    entered = true;
    await dialog.getByLabel('Access key').fill(KEY);
    await dialog.getByRole('button', { name: 'Use key' }).click();
    await page.locator('tr[data-rollout]').first().waitFor();
    await dialog.waitFor({ state: 'detached' });
    // Live hints arrive over the fetch-read stream, which carries the key as a header.
    await page.getByTestId('refresh-mode').getByText('Live').waitFor();
    const added = await client.enqueueRollout({ task: 'keyed live update' });
    await page.locator(`tr[data-rollout="${added.rollout_id}"]`).waitFor({ timeout: 10_000 });
    // The key survives navigation in this tab; the spans worker sends it too.
    const seed = h.seed as NonNullable<Harness['seed']>;
    await page.goto(`${h.dashboardUrl}rollouts/${seed.special.retried}`);
    await page.locator('[data-span-id]').first().waitFor();
    expect(await dialog.count()).toBe(0);
    await screenshot(page, 'api-key', 'rollout-detail', 'light');
    // Kept in sessionStorage only, never in localStorage.
    expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain(KEY);
    expect(await page.evaluate(`sessionStorage.getItem('agl-dashboard-api-key')`)).toBe(KEY);
    const keyed = api.filter((r) => r.after && r.authorization === `Bearer ${KEY}`);
    expect(keyed.some((r) => r.url.includes('/v1/agl/events'))).toBe(true);
    expect(keyed.some((r) => r.url.includes('/v1/agl/rollouts'))).toBe(true);
    // Once the right key was entered, no request went out without it (or with the wrong one).
    const lastWrong = api.findLastIndex((r) => r.authorization === 'Bearer not-the-key');
    const unkeyed = api
      .slice(lastWrong + 1)
      .filter((r) => r.after && r.authorization !== `Bearer ${KEY}`);
    expect(unkeyed.map((r) => r.url)).toEqual([]);
    await assertClean(page, log, expect);
    await context.close();
  });
});
