import type { Rollout } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { ROLLOUT_STATUSES } from '../src/core/query';
import {
  assertClean,
  browserAvailable,
  openPage,
  screenshot,
  seededRollouts,
  useOursAndPlain,
} from './harness';

const run = browserAvailable ? describe : describe.skip;

/** Rollouts per status for one resources id, counted from the unfiltered list. */
function countsFor(rollouts: Rollout[], resourcesId: string): Record<string, number> {
  const mine = rollouts.filter((r) => r.resources_id === resourcesId);
  return Object.fromEntries(
    ROLLOUT_STATUSES.map((s) => [s, mine.filter((r) => r.status === s).length]),
  );
}

/** The seed spreads its rollouts over snapshots `v0`…`v9`; `v0` shares its status with three others. */
const SNAPSHOT = 'v0';

const statusesUsed = (counts: Record<string, number>) =>
  Object.values(counts).filter((n) => n > 0).length;

run('"Rollouts using this snapshot" on the Resources detail page', () => {
  const { ours, reference } = useOursAndPlain(128);

  it('counts per status with resources_id_in on our server; the counts match the store', async () => {
    const all = await seededRollouts(ours);
    // The seed ties status to the snapshot, so each has some statuses at zero (a missing
    // status filter would repeat one count) and shares its statuses with other snapshots
    // (a missing resources filter would show the larger store-wide count).
    const expected = countsFor(all, SNAPSHOT);
    const wide = countsFor(
      all.map((r) => ({ ...r, resources_id: SNAPSHOT })),
      SNAPSHOT,
    );
    expect(statusesUsed(expected)).toBeGreaterThan(0);
    expect(statusesUsed(expected)).toBeLessThan(ROLLOUT_STATUSES.length);
    expect(
      ROLLOUT_STATUSES.some((s) => (expected[s] ?? 0) > 0 && (wide[s] ?? 0) > (expected[s] ?? 0)),
    ).toBe(true);
    const { page, log, context } = await openPage();
    await page.goto(`${ours.dashboardUrl}resources/${SNAPSHOT}`);
    const counts = page.getByTestId('snapshot-rollout-counts');
    for (const status of ROLLOUT_STATUSES) {
      const link = counts.locator(`li[data-status="${status}"] a`);
      // The counts arrive together; a loaded machine may take seconds, not the default 1 s.
      await expect
        .poll(() => link.locator('.count').textContent(), { timeout: 10_000 })
        .toBe(String(expected[status]));
      await expect(link.getAttribute('href')).resolves.toMatch(
        new RegExp(`rollouts\\?status=${status}&resources_id=${SNAPSHOT}$`),
      );
    }
    await expect(page.getByText('Not available on this server').count()).resolves.toBe(0);
    await screenshot(page, 'checks-d', 'snapshot-rollouts-ours', 'light');

    const asked = log.requests
      .map((r) => new URL(r.url))
      .filter((u) => u.pathname === '/v1/agl/rollouts' && u.searchParams.has('resources_id_in'));
    expect(new Set(asked.map((u) => u.searchParams.get('status_in')))).toEqual(
      new Set(ROLLOUT_STATUSES),
    );
    for (const u of asked) {
      expect(u.searchParams.getAll('resources_id_in')).toEqual([SNAPSHOT]);
      expect(u.searchParams.get('limit')).toBe('1');
    }
    // Following a count opens the list filtered by that status and snapshot.
    await counts.locator('li[data-status="succeeded"] a').click();
    await page.waitForURL(/\/rollouts\?status=succeeded&resources_id=v0$/);
    await assertClean(page, log, expect);
    await context.close();
  });

  it('says "Not available on this server" on a plain server and never scans its rollouts', async () => {
    const { page, log, context } = await openPage();
    await page.goto(`${reference.dashboardUrl}resources/${SNAPSHOT}`);
    await page.getByText('Rollouts using this snapshot: Not available on this server.').waitFor();
    await expect(page.getByTestId('snapshot-rollout-counts').count()).resolves.toBe(0);
    await screenshot(page, 'checks-d', 'snapshot-rollouts-reference', 'light');
    expect(log.requests.filter((r) => /resources_id_in/.test(r.url))).toEqual([]);
    expect(log.requests.filter((r) => new URL(r.url).pathname === '/v1/agl/rollouts')).toEqual([]);
    await assertClean(page, log, expect);
    await context.close();
  });
});
