import type { Rollout } from '@agl/types';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROLLOUT_MODES } from '../src/core/query';
import {
  assertClean,
  axe,
  browserAvailable,
  openPage,
  type PageLog,
  pagerShows,
  screenshot,
  screenshotBothThemes,
  seededRollouts,
  useOursAndPlain,
} from './harness';

const run = browserAvailable ? describe : describe.skip;
/** The page loads counts a few requests at a time: a loaded machine needs more than a second. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

/** The seed cycles train, val, test, none and adds one more rollout without a mode (so counts differ). */
const ROLLOUTS = 128;

/** The seed ties each status to a few snapshots; `v0`'s rollouts are a part of the succeeded ones. */
const SNAPSHOT = 'v0';

const modeOf = (r: Rollout) => r.mode ?? 'none';

/** The rollouts list requests the page sent, as URLs. */
const rolloutLists = (log: PageLog) =>
  log.requests.map((r) => new URL(r.url)).filter((u) => u.pathname === '/v1/agl/rollouts');

/** The Rollouts page's own requests (default sort; the counts ask for one row, unsorted). */
const pageLists = (log: PageLog) =>
  rolloutLists(log).filter(
    (u) => u.searchParams.get('sort_by') === 'start_time' && u.searchParams.get('limit') !== '1',
  );

/** axe-core's WCAG 2.1 A/AA violations in the light and the dark theme. */
async function violationsInBothThemes(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
    for (const v of await axe(page)) found.push(`${theme}: ${v}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** The rollout ids of the rows on screen (fewer than a page, so none is windowed away). */
async function rowIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator('tr[data-rollout]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rollout') ?? ''));
  return ids.sort();
}

run('Overview counts by mode and the Rollouts resources filter', () => {
  const { ours, reference } = useOursAndPlain(ROLLOUTS);

  it('shows rollouts by mode on our server, counted with mode_in, each linking to its filtered list', async () => {
    const all = await seededRollouts(ours);
    const expected = Object.fromEntries(
      ROLLOUT_MODES.map((m) => [m, all.filter((r) => modeOf(r) === m).length]),
    );
    // Distinct counts, so a count read from the wrong request (or an unfiltered total) shows.
    expect(new Set([...Object.values(expected), all.length]).size).toBeGreaterThan(2);
    const { page, log, context } = await openPage({ axe: true });
    await page.goto(`${ours.dashboardUrl}overview`);
    const block = page.getByTestId('rollout-mode-counts');
    for (const mode of ROLLOUT_MODES) {
      const link = block.locator(`li[data-mode="${mode}"] a`);
      await poll(() => link.locator('.count').textContent()).toBe(String(expected[mode]));
      await expect(link.getAttribute('href')).resolves.toMatch(
        new RegExp(`/rollouts\\?mode=${mode}$`),
      );
    }
    // The status counts are still there and still link by status.
    await expect(
      page.getByTestId('rollout-counts').locator('a[href$="/rollouts?status=failed"]').count(),
    ).resolves.toBe(1);
    await screenshotBothThemes(page, 'checks-e', 'overview-by-mode');
    expect(await violationsInBothThemes(page)).toEqual([]);

    const counted = rolloutLists(log).filter((u) => u.searchParams.has('mode_in'));
    expect(new Set(counted.map((u) => u.searchParams.getAll('mode_in').join(',')))).toEqual(
      new Set(ROLLOUT_MODES),
    );
    for (const u of counted) {
      expect(u.searchParams.get('limit')).toBe('1');
      expect(u.searchParams.has('status_in')).toBe(false);
    }

    // Following "none" opens the rollouts without a mode, filtered by the server.
    await block.locator('li[data-mode="none"] a').click();
    await page.waitForURL(/\/rollouts\?mode=none$/);
    await pagerShows(page, expected.none ?? 0);
    expect(pageLists(log).at(-1)?.searchParams.getAll('mode_in')).toEqual(['none']);
    await assertClean(page, log, expect);
    await context.close();
  });

  it('leaves the by-mode block out on a plain server and never sends it mode_in', async () => {
    const all = await seededRollouts(reference);
    const { page, log, context } = await openPage();
    // The block is absent for good only once the health answer (no capabilities) has been read.
    const health = page.waitForResponse((r) => r.url().endsWith('/v1/agl/health'));
    await page.goto(`${reference.dashboardUrl}overview`);
    await health;
    const statuses = page.getByTestId('rollout-counts');
    const succeeded = all.filter((r) => r.status === 'succeeded').length;
    await poll(() => statuses.locator('a[href$="status=succeeded"] .count').textContent()).toBe(
      String(succeeded),
    );
    await expect(page.getByTestId('rollout-mode-counts').count()).resolves.toBe(0);
    await expect(page.getByText('By mode').count()).resolves.toBe(0);
    await screenshotBothThemes(page, 'checks-e', 'overview-reference');
    expect(log.requests.filter((r) => /mode_in|resources_id_in/.test(r.url))).toEqual([]);
    await assertClean(page, log, expect);
    await context.close();
  });

  it("opens exactly a snapshot's rollouts from its Resources count, with a removable chip", async () => {
    const all = await seededRollouts(ours);
    const mine = all.filter((r) => r.resources_id === SNAPSHOT && r.status === 'succeeded');
    const everySucceeded = all.filter((r) => r.status === 'succeeded');
    // The filter matters: other snapshots have succeeded rollouts too.
    expect(mine.length).toBeGreaterThan(0);
    expect(everySucceeded.length).toBeGreaterThan(mine.length);
    const { page, log, context } = await openPage({ axe: true });
    await page.goto(`${ours.dashboardUrl}resources/${SNAPSHOT}`);
    const link = page
      .getByTestId('snapshot-rollout-counts')
      .locator('li[data-status="succeeded"] a');
    await poll(() => link.locator('.count').textContent()).toBe(String(mine.length));
    await expect(link.getAttribute('href')).resolves.toMatch(
      new RegExp(`/rollouts\\?status=succeeded&resources_id=${SNAPSHOT}$`),
    );
    await link.click();
    await page.waitForURL(new RegExp(`/rollouts\\?status=succeeded&resources_id=${SNAPSHOT}$`));
    await pagerShows(page, mine.length);
    await poll(() => rowIds(page)).toEqual(mine.map((r) => r.rollout_id).sort());
    const chip = page.getByTestId('resources-filter');
    await expect(chip.locator(`[data-resources-id="${SNAPSHOT}"]`).count()).resolves.toBe(1);
    await expect(chip.locator('legend').textContent()).resolves.toBe('Resources');
    await screenshotBothThemes(page, 'checks-e', 'rollouts-resources-filter');
    expect(await violationsInBothThemes(page)).toEqual([]);
    const sent = pageLists(log);
    expect(sent.at(-1)?.searchParams.getAll('resources_id_in')).toEqual([SNAPSHOT]);
    expect(sent.at(-1)?.searchParams.getAll('status_in')).toEqual(['succeeded']);

    // Combined with a mode (and-ed on the server).
    const train = mine.filter((r) => r.mode === 'train');
    await page
      .locator('fieldset', { has: page.locator('legend', { hasText: 'Mode' }) })
      .getByLabel('train')
      .check();
    await pagerShows(page, train.length);
    await poll(() => rowIds(page)).toEqual(train.map((r) => r.rollout_id).sort());

    // Removing the chip drops resources_id from the URL and the request, keeping the other filters.
    await page.getByRole('button', { name: `Remove resources filter ${SNAPSHOT}` }).click();
    await page.waitForURL(/\/rollouts\?status=succeeded&mode=train$/);
    await pagerShows(page, everySucceeded.filter((r) => r.mode === 'train').length);
    await expect(page.getByTestId('resources-filter').count()).resolves.toBe(0);
    const last = pageLists(log).at(-1);
    expect(last?.searchParams.has('resources_id_in')).toBe(false);
    await assertClean(page, log, expect);
    await context.close();
  });

  it('asks our server for a deep-linked resources filter from the first request on', async () => {
    const all = await seededRollouts(ours);
    const { page, log, context } = await openPage();
    await page.goto(`${ours.dashboardUrl}rollouts?resources_id=${SNAPSHOT}`);
    await pagerShows(page, all.filter((r) => r.resources_id === SNAPSHOT).length);
    // Waiting for the capabilities instead of listing every rollout first.
    const lists = rolloutLists(log);
    expect(lists.length).toBeGreaterThan(0);
    for (const u of lists) expect(u.searchParams.getAll('resources_id_in')).toEqual([SNAPSHOT]);
    await screenshot(page, 'checks-e', 'rollouts-resources-deep-link', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('offers no snapshot link on a plain server and says a deep-linked resources filter is not applied', async () => {
    const all = await seededRollouts(reference);
    const { page, log, context } = await openPage();
    await page.goto(`${reference.dashboardUrl}resources/${SNAPSHOT}`);
    await page.getByText('Rollouts using this snapshot: Not available on this server.').waitFor();
    await expect(page.locator('a[href*="resources_id="]').count()).resolves.toBe(0);

    await page.goto(`${reference.dashboardUrl}rollouts?resources_id=${SNAPSHOT}`);
    const chip = page.getByTestId('resources-filter');
    await chip.getByText('This server cannot filter by resources; not applied').waitFor();
    await pagerShows(page, all.length);
    await screenshotBothThemes(page, 'checks-e', 'rollouts-resources-filter-reference');
    expect(log.requests.filter((r) => /mode_in|resources_id_in/.test(r.url))).toEqual([]);
    await page.getByRole('button', { name: `Remove resources filter ${SNAPSHOT}` }).click();
    await page.waitForURL(/\/rollouts$/);
    await expect(page.getByTestId('resources-filter').count()).resolves.toBe(0);
    await assertClean(page, log, expect);
    await context.close();
  });
});
