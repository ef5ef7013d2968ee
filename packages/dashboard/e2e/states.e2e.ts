import { InMemoryLightningStore } from '@agl/store-memory';
import { describe, expect, it } from 'vitest';
import {
  assertClean,
  browserAvailable,
  type Harness,
  openPage,
  screenshot,
  screenshotBothThemes,
  startHarness,
  useServers,
} from './harness';
import { SeedClock } from './seed';

const run = browserAvailable ? describe : describe.skip;

run('not-found, evicted and warning states', () => {
  let h: Harness;
  let reference: Harness;
  let plain: Harness;
  useServers(async (closeLater) => {
    // Tiny eviction thresholds: the spans of the earliest rollouts are dropped from memory.
    const clock = new SeedClock();
    const store = new InMemoryLightningStore({
      clock,
      watchdogIntervalSeconds: null,
      evictionThresholdBytes: 200_000,
      safeThresholdBytes: 100_000,
    });
    h = closeLater(await startHarness({ mode: 'ours', store, clock, rollouts: 60 }));
    const clock2 = new SeedClock();
    const store2 = new InMemoryLightningStore({
      clock: clock2,
      watchdogIntervalSeconds: null,
      evictionThresholdBytes: 200_000,
      safeThresholdBytes: 100_000,
    });
    reference = closeLater(
      await startHarness({ mode: 'reference', store: store2, clock: clock2, rollouts: 60 }),
    );
    plain = closeLater(await startHarness({ mode: 'ours', rollouts: 40 }));
  });

  for (const mode of ['ours', 'reference'] as const) {
    it(`shows evicted spans as a state, not an error (${mode})`, async () => {
      const target = mode === 'ours' ? h : reference;
      const { page, log, context } = await openPage();
      const seed = target.seed as NonNullable<Harness['seed']>;
      await page.goto(`${target.dashboardUrl}rollouts/${seed.special.secret}`);
      await page
        .getByText("The spans of this rollout were evicted from the store's memory")
        .waitFor();
      expect(await page.locator('.notice.error').count()).toBe(0);
      await screenshotBothThemes(page, 'states', `evicted-${mode}`);
      await assertClean(page, log, expect);
      await context.close();
    });
  }

  it('reports unknown attempts and spans, and LLM calls without token ids', async () => {
    const { page, log, context } = await openPage();
    const seed = plain.seed as NonNullable<Harness['seed']>;
    const id = seed.special.noTokenIds;
    await page.goto(`${plain.dashboardUrl}rollouts/${id}/attempts/at-nope`);
    await page.getByText(`Attempt at-nope not found in rollout ${id}`).waitFor();
    await page.goto(`${plain.dashboardUrl}rollouts/${id}`);
    await page.getByRole('treegrid').waitFor();
    const attemptUrl = await page
      .locator('.attempts tbody tr')
      .last()
      .locator('td')
      .first()
      .locator('a')
      .getAttribute('href');
    await page.goto(`${new URL(plain.dashboardUrl).origin}${attemptUrl}/spans/nope`);
    await page.getByText('Span nope not found in this attempt.').waitFor();
    await screenshot(page, 'states', 'unknown-span', 'light');
    // Rollout index 5 is seeded without token ids on its LLM calls.
    await page.locator('.span-row.kind-llm').first().click();
    await page.getByText('No token ids on this LLM call').waitFor();
    await assertClean(page, log, expect);
    await context.close();
  });

  it('stops polling in a hidden tab and refetches when it is shown again', async () => {
    const { page, log, context } = await openPage({ settings: { pollSeconds: 2 } });
    await page.goto(`${reference.dashboardUrl}rollouts`);
    await page.locator('tr[data-rollout]').first().waitFor();
    await page.evaluate(
      `Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }); document.dispatchEvent(new Event('visibilitychange'));`,
    );
    await page.waitForTimeout(500);
    const before = log.requests.length;
    await page.waitForTimeout(5000);
    expect(log.requests.slice(before).map((r) => r.url)).toEqual([]);
    await page.evaluate(
      `Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }); document.dispatchEvent(new Event('visibilitychange'));`,
    );
    await page.waitForTimeout(500);
    expect(log.requests.slice(before).some((r) => r.url.includes('/v1/agl/rollouts?'))).toBe(true);
    await screenshot(page, 'states', 'shown-again', 'light');
    await context.close();
  });

  it('applies a stored theme before the app renders and follows the system scheme live', async () => {
    const stored = await openPage({ settings: { theme: 'dark' } });
    await stored.page.goto(`${plain.dashboardUrl}settings`, { waitUntil: 'commit' });
    // Predicates are functions, not strings: Playwright evaluates a string predicate with
    // `new Function` inside the page, which the dashboard's CSP (no 'unsafe-eval') refuses.
    await stored.page.waitForFunction(
      () =>
        (globalThis as unknown as ThemedPage).document.documentElement.dataset.theme !== undefined,
    );
    expect(await stored.page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await stored.page.getByRole('heading', { name: 'Settings' }).waitFor();
    await screenshot(stored.page, 'states', 'stored-theme', 'dark');
    await stored.context.close();
    const system = await openPage();
    await system.page.goto(`${plain.dashboardUrl}settings`);
    await system.page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await system.page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await system.page.emulateMedia({ colorScheme: 'dark' });
    await system.page.waitForFunction(
      () => (globalThis as unknown as ThemedPage).document.documentElement.dataset.theme === 'dark',
    );
    await screenshot(system.page, 'states', 'system-theme-followed', 'dark');
    await system.context.close();
  });

  it('shows an empty store', async () => {
    const empty = await startHarness({ mode: 'ours', rollouts: 0 });
    const { page, log, context } = await openPage();
    await page.goto(`${empty.dashboardUrl}overview`);
    await page.getByText('The store is empty.').waitFor();
    await screenshotBothThemes(page, 'states', 'empty-store');
    await page.goto(`${empty.dashboardUrl}rollouts`);
    await page.getByText('No rollouts found').waitFor();
    await assertClean(page, log, expect);
    await context.close();
    await empty.close();
  });
});

/** The part of the page a theme predicate reads (typed without the DOM library). */
interface ThemedPage {
  document: { documentElement: { dataset: { theme?: string } } };
}
