import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import {
  assertClean,
  browserAvailable,
  openPage,
  screenshot,
  screenshotBothThemes,
  useServers,
} from './harness';
import { SeedClock, seedStore } from './seed';
import { RestartableStore, startProxyFront } from './servers';

const run = browserAvailable ? describe : describe.skip;

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Whether a request is the rollouts list (not a single rollout or its attempts). */
const isRolloutList = (request: Request) =>
  request.method === 'GET' && new URL(request.url).pathname === '/v1/agl/rollouts';

// Checklist rows 14, 20 and 36: `agl dashboard` (its proxy and the page in proxy mode)
// in front of one store server that is started late, stopped, restarted on the same
// port, and made to answer errors.
run('store outages and errors behind the agl dashboard proxy', () => {
  let store: RestartableStore;
  let front: Awaited<ReturnType<typeof startProxyFront>>;
  useServers(async (closeLater) => {
    const clock = new SeedClock();
    const memory = closeLater(new InMemoryLightningStore({ clock, watchdogIntervalSeconds: null }));
    await seedStore(memory, {
      now: Math.floor(Date.now() / 1000),
      clock,
      rollouts: 20,
      spans: 'small',
    });
    store = closeLater(await RestartableStore.listen(memory));
    front = closeLater(await startProxyFront(store.url));
  });

  it('says the store is unreachable until it starts, then shows its data without a reload', async () => {
    const { page, log, context } = await openPage({ settings: { pollSeconds: 2 } });
    await page.goto(`${front.url}rollouts`);
    await page
      .getByTestId('connection')
      .getByText(`Store unreachable at ${store.url} — retrying`)
      .waitFor();
    expect(await page.locator('tr[data-rollout]').count()).toBe(0);
    // It stays so through the next failed refetch (the proxy's 502 is not an answer of the store).
    await page.waitForResponse((r) => r.url().includes('/v1/agl/rollouts?'));
    await page.waitForTimeout(200);
    expect(await page.getByTestId('connection').textContent()).toBe(
      `Store unreachable at ${store.url} — retrying`,
    );
    // Offline from the start, in both themes (a required screenshot).
    await screenshotBothThemes(page, 'checks-a', 'store-not-started');
    await page.evaluate('window.__sameDocument = true');
    store.start();
    const started = Date.now();
    await page.locator('tr[data-rollout]').first().waitFor({ timeout: 20_000 });
    console.log(`[checks-a] rows shown ${Date.now() - started} ms after the store started`);
    await page.getByTestId('connection').getByText('Online').waitFor();
    expect(await page.evaluate('window.__sameDocument ?? false')).toBe(true);
    await assertClean(page, log, expect);
    await context.close();
  });

  it('keeps the last rows with "Showing data from …" while the store is down, and recovers', async () => {
    const { page, log, context } = await openPage({
      settings: { live: 'polling', pollSeconds: 2 },
    });
    await page.goto(`${front.url}rollouts`);
    await page.locator('tr[data-rollout]').first().waitFor();
    const shown = await page
      .locator('tr[data-rollout]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rollout')));
    store.stop();
    const notice = page.locator('.notice.error', { hasText: 'Unable to refresh rollouts.' });
    await notice.getByText(/Showing data from .* — retrying automatically\./).waitFor();
    await page
      .getByTestId('connection')
      .getByText(`Store unreachable at ${store.url} — retrying`)
      .waitFor();
    // The last data is still there, row for row.
    expect(
      await page
        .locator('tr[data-rollout]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rollout'))),
    ).toEqual(shown);
    await screenshotBothThemes(page, 'checks-a', 'stale-rollouts');
    // A rollout created while the page cannot see the store appears once it can.
    const created = await store.store.enqueueRollout({ question: 'while the page was cut off' });
    store.start();
    await page.locator(`tr[data-rollout="${created.rollout_id}"]`).waitFor({ timeout: 30_000 });
    await notice.waitFor({ state: 'detached' });
    await page.getByTestId('connection').getByText('Online').waitFor();
    await assertClean(page, log, expect);
    await context.close();
  });

  it('shows the error type and detail, and the traceback only on request', async () => {
    const traceback =
      'Traceback (most recent call last):\n  File "store.py", line 12, in query_rollouts\nKeyError: \'status\'';
    store.fault = (request) =>
      isRolloutList(request)
        ? json({ detail: "'status'", error_type: 'KeyError', traceback }, 500)
        : undefined;
    const { page, log, context } = await openPage({
      settings: { live: 'polling', pollSeconds: 2 },
    });
    await page.goto(`${front.url}rollouts`);
    const notice = page.locator('.notice.error');
    await notice.getByText('Rollouts are temporarily unavailable (status: 500).').waitFor();
    expect(await notice.locator('p.muted').textContent()).toBe("KeyError: 'status'");
    expect(await page.getByText('Traceback (most recent call last)').count()).toBe(0);
    await notice.getByRole('button', { name: 'Show server traceback' }).click();
    expect(await notice.locator('pre.traceback').textContent()).toBe(traceback);
    await screenshot(page, 'checks-a', 'server-traceback', 'light');
    await notice.getByRole('button', { name: 'Hide server traceback' }).click();
    expect(await notice.locator('pre.traceback').count()).toBe(0);

    // Our server's errors carry a type and detail but no traceback: no traceback control.
    store.fault = (request) =>
      isRolloutList(request)
        ? json({ detail: 'The store is shutting down', error_type: 'ServerShuttingDown' }, 503)
        : undefined;
    // Refresh instead of waiting out the error backoff (the recovery test above waits for it).
    const refresh = page.getByRole('button', { name: 'Refresh', exact: true }).first();
    await refresh.click();
    await notice.getByText('Rollouts are temporarily unavailable (status: 503).').waitFor();
    expect(await notice.locator('p.muted').textContent()).toBe(
      'ServerShuttingDown: The store is shutting down',
    );
    expect(await notice.getByRole('button', { name: /server traceback/ }).count()).toBe(0);
    store.fault = undefined;
    await refresh.click();
    await page.locator('tr[data-rollout]').first().waitFor();
    expect(await notice.count()).toBe(0);
    await assertClean(page, log, expect);
    await context.close();
  });
});
