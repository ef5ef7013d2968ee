import { describe, expect, it } from 'vitest';
import { assertClean, browserAvailable, openPage, screenshot, useHarness } from './harness';

const run = browserAvailable ? describe : describe.skip;

// A plain server (reference mode) is the busy case: no event stream, so the tab polls.
const mode = 'reference';
run(`requests of an idle Rollouts tab in its first minute (${mode} server)`, () => {
  const h = useHarness({ mode, rollouts: 120, spans: 'small' });

  it('sends at most 120 API requests in 60 s with the default settings, first load included', async () => {
    const { page, log, context } = await openPage();
    // The page's clock is stepped a second at a time, with real time in between for the
    // answers to arrive, so a minute of the page's timers passes in a few seconds.
    await page.clock.install();
    await page.goto(`${h.dashboardUrl}rollouts`);
    await page.locator('tr[data-rollout]').first().waitFor();
    for (let second = 0; second < 60; second++) {
      await page.clock.fastForward(1000);
      await page.waitForTimeout(60);
    }
    const api = log.requests.filter((r) => new URL(r.url).pathname.startsWith('/v1/'));
    console.log(`[checks-b] ${mode}: ${api.length} API requests in the first 60 s`);
    expect(api.length).toBeLessThanOrEqual(120);
    // The minute really passed for the page: its polls and health checks ran again.
    const health = api.filter((r) => r.url.includes('/v1/agl/health')).length;
    expect(health).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'checks-b', `requests-minute-${mode}`, 'light');
    await assertClean(page, log, expect);
    await context.close();
  });
});
