import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatReward } from '../src/core/format';
import {
  assertClean,
  axe,
  browserAvailable,
  type Harness,
  openPage,
  screenshot,
  screenshotBothThemes,
  useHarness,
} from './harness';
import { ATTEMPT_VIEWS } from './required-screenshots';
import { SECRETS } from './seed-spans';

const run = browserAvailable ? describe : describe.skip;

run('every page against our server (in-memory store)', () => {
  const h = useHarness({ mode: 'ours' });

  /** Opens each [shot name, path, heading] in a fresh page of `theme`, shooting and auditing it. */
  const visitAll = async (theme: 'light' | 'dark', pages: [string, string, string][]) => {
    const { page, log, context } = await openPage({ dark: theme === 'dark', axe: true });
    const violations: string[] = [];
    for (const [name, path, heading] of pages) {
      await page.goto(`${h.dashboardUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).filter({ hasText: heading }).first().waitFor();
      const view = name.startsWith('attempt-') ? name.slice('attempt-'.length) : null;
      if (view) {
        // The tab is selected and the attempt's spans are all in before the shot.
        await page.getByRole('tab', { name: view, exact: false, selected: true }).waitFor();
        await page.locator('.summary', { hasText: 'loading' }).waitFor({ state: 'detached' });
      }
      await page
        .locator('[aria-busy="true"]')
        .first()
        .waitFor({ state: 'detached', timeout: 5000 })
        .catch(() => undefined);
      await screenshot(page, 'pages', name, theme);
      for (const v of await axe(page)) violations.push(`${name}: ${v}`);
      const html = await page.content();
      expect(html).not.toContain(SECRETS.apiKey);
      expect(html).not.toContain('SECRET-XYZ');
    }
    expect(violations).toEqual([]);
    await assertClean(page, log, expect);
    await context.close();
  };

  for (const theme of ['light', 'dark'] as const) {
    it(`renders every page in the ${theme} theme with no accessibility violation`, async () => {
      const seed = h.seed as NonNullable<Harness['seed']>;
      const enc = encodeURIComponent;
      await visitAll(theme, [
        ['overview', 'overview', 'Overview'],
        ['rollouts', 'rollouts', 'Rollouts'],
        ['rollout-detail', `rollouts/${enc(seed.special.retried)}`, 'Rollout'],
        ['rollout-xss', `rollouts/${enc(seed.special.xss)}`, 'Rollout'],
        ['rollout-orphans', `rollouts/${enc(seed.special.orphan)}?view=tree`, 'Rollout'],
        ['traces', 'traces', 'Traces'],
        ['resources', 'resources', 'Resources'],
        ['resources-diff', 'resources/v3?compare=v2', 'Resources v3'],
        ['runners', 'runners', 'Runners'],
        ['runner-detail', 'runners/runner-lost', 'Runner'],
        ['settings', 'settings', 'Settings'],
        ['not-found', 'nowhere', 'Page not found'],
      ]);
    });

    it(`renders every tab of an attempt in the ${theme} theme with no accessibility violation`, async () => {
      // The latest attempt of a rollout with LLM calls, rewards and masked secrets.
      const seed = h.seed as NonNullable<Harness['seed']>;
      await visitAll(
        theme,
        ATTEMPT_VIEWS.map((view) => [
          `attempt-${view}`,
          `rollouts/${encodeURIComponent(seed.special.secret)}?view=${view}`,
          'Rollout',
        ]),
      );
    });
  }

  it('is usable on a 390×844 screen', async () => {
    const seed = h.seed as NonNullable<Harness['seed']>;
    for (const dark of [false, true]) {
      const { page, log, context } = await openPage({ mobile: true, dark });
      await page.goto(`${h.dashboardUrl}rollouts`);
      await page.locator('tr[data-rollout]').first().waitFor();
      await screenshot(page, 'mobile', 'rollouts', dark ? 'dark' : 'light');
      await page.goto(`${h.dashboardUrl}rollouts/${encodeURIComponent(seed.special.retried)}`);
      await page.getByRole('treegrid').waitFor();
      await screenshot(page, 'mobile', 'rollout-detail', dark ? 'dark' : 'light');
      await assertClean(page, log, expect);
      await context.close();
    }
  });

  it('lists rollouts with working sort, filters, expansion and raw JSON', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    await page.goto(`${h.dashboardUrl}rollouts`);
    await page.locator('tr[data-rollout]').first().waitFor();
    const first = log.requests.find((r) => r.url.includes('/v1/agl/rollouts?'));
    expect(first?.url).toContain('limit=100&offset=0&sort_by=start_time&sort_order=desc');
    // Every sortable header answers without an error.
    for (const label of ['Rollout', 'Status', 'Resources', 'Mode', 'Start Time']) {
      await page.getByRole('button', { name: new RegExp(`^${label} `) }).click();
      await page.locator('tr[data-rollout]').first().waitFor();
      await expect(page.locator('.notice.error').count()).resolves.toBe(0);
    }
    // Status filter → repeated status_in, in the URL.
    await page.goto(`${h.dashboardUrl}rollouts`);
    await page.getByRole('checkbox', { name: 'failed' }).check();
    await page.waitForURL(/status=failed/);
    await page.getByText(`of ${seed.statusCounts.failed}`, { exact: false }).waitFor();
    expect(log.requests.some((r) => r.url.includes('status_in=failed'))).toBe(true);
    // Reload keeps the view.
    await page.reload();
    await expect(page.getByRole('checkbox', { name: 'failed' }).isChecked()).resolves.toBe(true);
    // A retried rollout expands to its earlier attempts.
    await page.goto(`${h.dashboardUrl}rollouts?q=${encodeURIComponent(seed.special.retried)}`);
    await page
      .getByRole('button', { name: `Show other attempts of ${seed.special.retried}` })
      .click();
    await page.getByText('Attempt 2:').waitFor();
    await page.getByText('Attempt 1:').waitFor();
    expect(
      log.requests.some((r) =>
        r.url.includes(
          `/rollouts/${seed.special.retried}/attempts?limit=100&offset=0&sort_by=sequence_id&sort_order=desc`,
        ),
      ),
    ).toBe(true);
    await screenshotBothThemes(page, 'rollouts', 'expanded-row');
    // Raw JSON shows wire keys and the reward column shows the seeded reward.
    await page.getByRole('button', { name: 'View raw JSON' }).first().click();
    await page.getByRole('dialog').getByText('rollout_id', { exact: false }).first().waitFor();
    await page.keyboard.press('Escape');
    const expected = seed.rewards.get(seed.special.retried);
    if (typeof expected === 'number')
      await page
        .locator(`tr[data-rollout="${seed.special.retried}"] td`)
        .filter({ hasText: String(Math.round(expected * 1000) / 1000) })
        .first()
        .waitFor();
    await assertClean(page, log, expect);
    await context.close();
  });

  it('shows the waterfall, LLM messages, rewards and masked secrets of an attempt', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    await page.goto(`${h.dashboardUrl}rollouts/${encodeURIComponent(seed.special.secret)}`);
    await page.getByRole('treegrid').waitFor();
    await page.getByText(/final reward/).waitFor();
    const rows = page.locator('[role="row"][data-span-id]');
    // The span tree is built in a task of its own, so its rows may come after the reward line.
    await rows.nth(5).waitFor();
    expect(await rows.count()).toBeGreaterThan(5);
    // Select the first LLM call: URL changes and the Messages tab renders the conversation.
    await page.locator('.span-row.kind-llm').first().click();
    await page.waitForURL(/\/spans\//);
    const detailTabs = page.getByRole('tablist', { name: 'Span detail tabs' });
    await detailTabs.getByRole('tab', { name: 'Messages' }).waitFor();
    await page.getByText('Response', { exact: true }).first().waitFor();
    await page
      .getByText(/→ calculator\(/)
      .first()
      .waitFor();
    await screenshotBothThemes(page, 'rollout', 'span-messages');
    // Deep link to the span selects it after a reload.
    const url = page.url();
    await page.goto(url);
    await page.locator('.span-row.selected').waitFor();
    // The authorization attribute is masked everywhere.
    await page.locator('.span-row', { hasText: 'http.request' }).click();
    await detailTabs.getByRole('tab', { name: 'Attributes' }).click();
    await page.getByText('[hidden]').first().waitFor();
    expect(await page.content()).not.toContain('SECRET-XYZ');
    // Attempt-level conversation and tree views.
    const views = page.getByRole('tablist', { name: 'Attempt views' });
    await views.getByRole('tab', { name: 'Messages' }).click();
    await page
      .getByText(/earlier message/)
      .first()
      .waitFor();
    await views.getByRole('tab', { name: 'Tree' }).click();
    await page.getByRole('treegrid', { name: 'Span tree' }).waitFor();
    await page.getByRole('button', { name: 'Collapse to LLM calls' }).click();
    // In-trace search runs in the spans worker over masked text: names match, secrets do not.
    const search = page.getByRole('searchbox', { name: 'Search spans' });
    await search.fill('openai.chat');
    await page
      .getByRole('status')
      .filter({ hasText: /^[1-9]\d* matching spans$/ })
      .waitFor();
    await search.fill('SECRET-XYZ');
    await page
      .getByRole('status')
      .filter({ hasText: /^0 matching spans$/ })
      .waitFor();
    await assertClean(page, log, expect);
    await context.close();
  });

  it('reads the overview aggregates and rewards from the server, equal to the store', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    await page.goto(`${h.dashboardUrl}overview`);
    const throughput = page.locator('figure', { hasText: 'Throughput' });
    await throughput.getByText('counted by the server').waitFor();
    await throughput.getByRole('button', { name: 'View as table' }).click();
    await throughput.getByRole('columnheader', { name: 'Mean reward' }).waitFor();
    // The finished counts of the server's buckets equal the store's rollouts in the window.
    const series = log.requests.find((r) => r.url.includes('/v1/agl/timeseries?'));
    const since = Number(new URL(series?.url ?? 'http://x/').searchParams.get('since'));
    const rows = await cellTexts(throughput);
    const column = (i: number) => rows.reduce((sum, row) => sum + Number(row[i] ?? 0), 0);
    const finished = async (status: 'succeeded' | 'failed' | 'cancelled') =>
      (await h.store.queryRollouts({ statusIn: [status] })).items.filter(
        (r) => (r.end_time ?? 0) >= since,
      ).length;
    expect([column(1), column(2), column(3)]).toEqual([
      await finished('succeeded'),
      await finished('failed'),
      await finished('cancelled'),
    ]);
    // The reward table's values (one /rewards request per 100 rows) equal the seeded rewards.
    const rewards = page.locator('figure', { hasText: 'read from the server' });
    await rewards.getByRole('button', { name: 'View as table' }).click();
    await rewards.locator('tbody tr').first().waitFor();
    await page.waitForFunction(
      () =>
        !Array.from(
          (
            globalThis as unknown as {
              document: { querySelectorAll(s: string): { textContent: string | null }[] };
            }
          ).document.querySelectorAll('figure td'),
        ).some((td) => td.textContent === '…'),
    );
    const shown = await cellTexts(rewards);
    expect(shown.length).toBeGreaterThan(10);
    for (const row of shown) {
      const expected = seed.rewards.get(row[0] as string);
      expect(row[3], row[0]).toBe(formatReward(expected));
    }
    expect(log.requests.some((r) => r.url.includes('/v1/agl/rewards?rollout_id_in='))).toBe(true);
    expect(log.requests.filter((r) => r.url.includes('/v1/agl/spans?'))).toEqual([]);
    await screenshot(page, 'overview', 'server-aggregates', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('works with the keyboard: palette, shortcuts and drawer focus', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    await page.goto(`${h.dashboardUrl}overview`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.keyboard.press('Control+k');
    const box = page.getByRole('combobox');
    await box.fill(seed.special.retried.slice(0, 8));
    await page.getByRole('option', { name: new RegExp(seed.special.retried) }).waitFor();
    await screenshotBothThemes(page, 'keyboard', 'palette');
    await box.press('Enter');
    await page.waitForURL(/\/rollouts\/ro-/);
    await page.keyboard.press('g');
    await page.keyboard.press('e');
    await page.getByRole('heading', { name: 'Resources' }).waitFor();
    await assertClean(page, log, expect);
    await context.close();
  });
});

/** The cell texts of a table's body rows. */
async function cellTexts(scope: Locator): Promise<string[][]> {
  const rows = await scope.locator('tbody tr').all();
  return Promise.all(rows.map((row) => row.locator('td').allTextContents()));
}
