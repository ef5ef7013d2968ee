import { describe, expect, it } from 'vitest';
import { assertClean, browserAvailable, openPage, screenshot, useServers } from './harness';
import { type GatedServer, startGatedServer } from './servers';

const run = browserAvailable ? describe : describe.skip;

run('an event stream that keeps failing', () => {
  let g: GatedServer;
  useServers(async (closeLater) => {
    // Refused once (the browser gives up on a 503 by itself), then dropped twice
    // after `hello`; from the fourth connection on the stream works.
    g = closeLater(await startGatedServer((n) => (n === 1 ? 'refuse' : n <= 3 ? 'drop' : 'pass')));
  });

  it('falls back to polling, keeps the data fresh, and retries the stream later', async () => {
    const { page, log, context } = await openPage({ settings: { pollSeconds: 2 } });
    // The page's clock runs in real time but can jump ahead to the later retry.
    await page.clock.install();
    await page.goto(`${g.dashboardUrl}rollouts`);
    await page.locator('tr[data-rollout]').first().waitFor();
    const mode = page.getByTestId('refresh-mode');
    // Three failures within 30 s: the status area says so and polling takes over.
    await mode.getByText('Polling every 2 s').waitFor({ timeout: 20_000 });
    expect(g.connections()).toBe(3);
    await screenshot(page, 'checks-b', 'live-polling-fallback', 'light');
    // Polling keeps the table current.
    const added = await g.store.enqueueRollout({ question: 'while polling' });
    await page.locator(`tr[data-rollout="${added.rollout_id}"]`).waitFor({ timeout: 6000 });
    expect(g.connections()).toBe(3);
    // A minute later the stream is tried again, and this time it holds.
    await page.clock.fastForward(61_000);
    await mode.getByText('Live').waitFor({ timeout: 10_000 });
    expect(g.connections()).toBe(4);
    await screenshot(page, 'checks-b', 'live-after-retry', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });
});
