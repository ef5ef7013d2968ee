import type { Rollout } from '@agl/types';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  assertClean,
  browserAvailable,
  openPage,
  pagerShows,
  screenshot,
  seededRollouts,
  useOursAndPlain,
} from './harness';

const run = browserAvailable ? describe : describe.skip;

/**
 * The seed cycles train, val, test, none over these and adds one more rollout
 * without a mode, so train (32) and none (33) differ.
 */
const ROLLOUTS = 128;

const countWhere = (rollouts: Rollout[], keep: (r: Rollout) => boolean) =>
  rollouts.filter(keep).length;

/** The Mode fieldset's checkbox of one mode. */
const modeBox = (page: Page, mode: string) =>
  page.locator('fieldset', { has: page.locator('legend', { hasText: 'Mode' }) }).getByLabel(mode);

run('the Mode filter of the Rollouts page', () => {
  const { ours, reference } = useOursAndPlain(ROLLOUTS);

  it('filters server-side with mode_in on our server; the counts match the seed', async () => {
    const all = await seededRollouts(ours);
    const count = (modes: (string | null)[], status?: string) =>
      countWhere(all, (r) => modes.includes(r.mode) && (!status || r.status === status));
    expect(new Set([count(['train']), count([null])]).size).toBe(2);
    const { page, log, context } = await openPage();
    await page.goto(`${ours.dashboardUrl}rollouts`);
    await pagerShows(page, all.length);
    // Enabled once the health answer advertising rollout_filters has been read.
    await expect.poll(() => modeBox(page, 'train').isEnabled()).toBe(true);

    await modeBox(page, 'train').check();
    await pagerShows(page, count(['train']));
    await modeBox(page, 'none').check();
    await pagerShows(page, count(['train', null]));
    await modeBox(page, 'train').uncheck();
    await pagerShows(page, count([null]));
    // Combined with a status (both are `and`-ed on the server).
    await page
      .locator('fieldset', { has: page.locator('legend', { hasText: 'Status' }) })
      .getByLabel('succeeded')
      .check();
    await pagerShows(page, count([null], 'succeeded'));
    await screenshot(page, 'checks-c', 'mode-filter-ours', 'light');

    const lists = log.requests
      .map((r) => new URL(r.url))
      .filter((u) => u.pathname === '/v1/agl/rollouts');
    const modesSent = lists.map((u) => u.searchParams.getAll('mode_in').join(','));
    expect(modesSent).toContain('train');
    expect(modesSent).toContain('train,none');
    expect(modesSent).toContain('none');
    // The rows are filtered by the server, not in the page: no request without mode_in after the first check.
    const firstFiltered = modesSent.indexOf('train');
    expect(lists.slice(firstFiltered).every((u) => u.searchParams.has('mode_in'))).toBe(true);
    await assertClean(page, log, expect);
    await context.close();
  });

  it('is disabled with its reason on a plain server, which is never sent mode_in', async () => {
    const { page, log, context } = await openPage();
    await page.goto(`${reference.dashboardUrl}rollouts`);
    await pagerShows(page, (await seededRollouts(reference)).length);
    await page.getByText('This server cannot filter by mode').first().waitFor();
    await expect(modeBox(page, 'train').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'checks-c', 'mode-filter-reference', 'light');
    expect(log.requests.filter((r) => /mode_in|resources_id_in/.test(r.url))).toEqual([]);
    await assertClean(page, log, expect);
    await context.close();
  });
});
