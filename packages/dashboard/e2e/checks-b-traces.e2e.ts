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

/** The span-list requests a page made, as parsed URLs. */
function spanRequests(log: { requests: { url: string }[] }): URL[] {
  return log.requests.map((r) => new URL(r.url)).filter((u) => u.pathname === '/v1/agl/spans');
}

/** `expect.poll` with room for a loaded machine (its default waits 1 s). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

const SEARCH_KEYS = ['trace_id_contains', 'span_id_contains', 'name_contains', 'filter_logic'];

run('the Traces page (upstream parity)', () => {
  const h = useHarness({ mode: 'ours', rollouts: 80 });

  it('selects the most recent rollout and its latest attempt, in the URL, with replace', async () => {
    const { page, log, context } = await openPage();
    const [newest] = (
      await h.store.queryRollouts({ sortBy: 'start_time', sortOrder: 'desc', limit: 1 })
    ).items;
    if (!newest) throw new Error('the seed wrote no rollout');
    const attempts = (await h.store.queryAttempts(newest.rollout_id)).items;
    const latest = attempts[attempts.length - 1];
    await page.goto(`${h.dashboardUrl}traces`);
    await page.waitForURL(/attemptId=/);
    const url = new URL(page.url());
    expect(url.searchParams.get('rolloutId')).toBe(newest.rollout_id);
    expect(url.searchParams.get('attemptId')).toBe(latest?.attempt_id);
    // Replaced, not pushed: the tab's history is the blank page and /traces, nothing more.
    expect(await page.evaluate('history.length')).toBe(2);
    await expect(page.getByLabel('Rollout', { exact: true }).inputValue()).resolves.toBe(
      newest.rollout_id,
    );
    await screenshot(page, 'checks-b', 'traces-default', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('opens a selection from the URL and names an unknown rollout', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    const attempts = (await h.store.queryAttempts(seed.special.retried)).items;
    expect(attempts.length).toBeGreaterThan(1);
    const first = attempts[0]?.attempt_id as string;
    await page.goto(`${h.dashboardUrl}traces?rolloutId=${seed.special.retried}&attemptId=${first}`);
    const attempt = page.getByLabel('Attempt', { exact: true });
    await poll(() => attempt.inputValue()).toBe(first);
    await expect(page.getByLabel('Rollout', { exact: true }).inputValue()).resolves.toBe(
      seed.special.retried,
    );
    await expect(attempt.locator('option').count()).resolves.toBe(attempts.length);
    // The spans shown are the first attempt's.
    await page.locator('table.data tbody tr').first().waitFor();
    const asked = spanRequests(log).at(-1);
    expect(asked?.searchParams.get('attempt_id')).toBe(first);
    await screenshot(page, 'checks-b', 'traces-from-url', 'light');

    await page.goto(`${h.dashboardUrl}traces?rolloutId=ro-unknown000`);
    await page
      .getByText(
        'Rollout ro-unknown000 was not found. Select a rollout and attempt to view traces.',
      )
      .waitFor();
    await expect(page.locator('table.data').count()).resolves.toBe(0);
    await screenshot(page, 'checks-b', 'traces-unknown', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('searches spans by trace id, span id and name with filter_logic=or, and sends nothing when empty', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    const spans = (await h.store.querySpans(seed.special.retried)).items;
    const target = spans.find((s) => s.name === 'agent.run') ?? spans[0];
    if (!target) throw new Error('the retried rollout has no spans');
    await page.goto(`${h.dashboardUrl}traces?rolloutId=${seed.special.retried}`);
    await page.waitForURL(/attemptId=/);
    await page.locator('table.data tbody tr').first().waitFor();
    for (const u of spanRequests(log))
      for (const key of SEARCH_KEYS) expect(u.searchParams.has(key)).toBe(false);
    const term = target.span_id.slice(2, 10);
    await page.getByLabel('Search spans').fill(term);
    await page.waitForURL(new RegExp(`q=${term}`));
    await poll(() =>
      spanRequests(log).some((u) => u.searchParams.get('span_id_contains') === term),
    ).toBe(true);
    const searched = spanRequests(log).filter((u) => u.searchParams.has('span_id_contains'));
    for (const u of searched) {
      expect(u.searchParams.get('trace_id_contains')).toBe(u.searchParams.get('span_id_contains'));
      expect(u.searchParams.get('name_contains')).toBe(u.searchParams.get('span_id_contains'));
      expect(u.searchParams.get('filter_logic')).toBe('or');
    }
    // Only spans that match by one of the three fields are listed.
    await poll(() => page.locator('table.data tbody tr').count()).toBe(
      spans.filter(
        (s) =>
          s.attempt_id === new URL(page.url()).searchParams.get('attemptId') &&
          (s.span_id.includes(term) || s.trace_id.includes(term) || s.name.includes(term)),
      ).length,
    );
    await screenshot(page, 'checks-b', 'traces-span-search', 'light');
    await page.getByLabel('Search spans').fill('');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    // Without a term the whole attempt is listed again, from a request with no search keys.
    const attemptId = new URL(page.url()).searchParams.get('attemptId');
    await poll(() => page.locator('table.data tbody tr').count()).toBe(
      spans.filter((s) => s.attempt_id === attemptId).length,
    );
    const plain = spanRequests(log).filter((u) => !u.searchParams.has('span_id_contains'));
    expect(plain.length).toBeGreaterThan(0);
    for (const u of plain)
      for (const key of SEARCH_KEYS) expect(u.searchParams.has(key)).toBe(false);
    await assertClean(page, log, expect);
    await context.close();
  });

  it('offers Table, Waterfall and Tree, all enabled, and keeps the choice in the URL', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    await page.goto(`${h.dashboardUrl}traces?rolloutId=${seed.special.retried}`);
    await page.waitForURL(/attemptId=/);
    const view = page.getByLabel('View', { exact: true });
    const options = await view.locator('option').evaluateAll((list) =>
      list.map((o) => ({
        label: o.textContent,
        disabled: (o as unknown as { disabled: boolean }).disabled,
      })),
    );
    expect(options).toEqual([
      { label: 'Table', disabled: false },
      { label: 'Waterfall', disabled: false },
      { label: 'Tree', disabled: false },
    ]);
    await view.selectOption('waterfall');
    await page.waitForURL(/view=waterfall/);
    await page.getByRole('treegrid').waitFor();
    await screenshot(page, 'checks-b', 'traces-waterfall', 'light');
    await view.selectOption('tree');
    await page.waitForURL(/view=tree/);
    await page.getByRole('treegrid').waitFor();
    // A reload keeps the view.
    await page.reload();
    await page.getByRole('treegrid').waitFor();
    await expect(view.inputValue()).resolves.toBe('tree');
    await view.selectOption('table');
    await page.waitForURL((url) => !url.searchParams.has('view'));
    await page.locator('table.data tbody tr').first().waitFor();
    await assertClean(page, log, expect);
    await context.close();
  });

  it('puts a clicked parent id in the span search; an absent parent is red and says so', async () => {
    const { page, log, context } = await openPage();
    const seed = h.seed as NonNullable<Harness['seed']>;
    await page.goto(`${h.dashboardUrl}traces?rolloutId=${seed.special.orphan}`);
    await page.waitForURL(/attemptId=/);
    await page.locator('table.data tbody tr').first().waitFor();
    const missing = page.locator('[title="Parent span not found in table"]');
    await expect(missing.count()).resolves.toBeGreaterThan(0);
    await expect(missing.first().textContent()).resolves.toContain('feedface');
    await expect(missing.first().textContent()).resolves.toContain(
      'Parent span not found in table',
    );
    const color = await missing
      .first()
      .evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } })
            .getComputedStyle(el)
            .color.match(/\d+/g)
            ?.map(Number) ?? [],
      );
    const [r = 0, g = 0, b = 0] = color;
    expect(r).toBeGreaterThan(g + 60);
    expect(r).toBeGreaterThan(b + 60);
    await screenshot(page, 'checks-b', 'traces-missing-parent', 'light');

    const parentButton = page.locator('table.data tbody button.link-button').first();
    const row = parentButton.locator('xpath=ancestor::tr');
    const childName = await row.locator('td').first().textContent();
    const attemptId = new URL(page.url()).searchParams.get('attemptId') as string;
    const shown = ((await parentButton.textContent()) ?? '').trim();
    const spans = (await h.store.querySpans(seed.special.orphan, { attemptId })).items;
    const child = spans.find((s) => s.name === childName && s.parent_id?.startsWith(shown));
    expect(child?.parent_id).toBeTruthy();
    await parentButton.click();
    await expect(page.getByLabel('Search spans').inputValue()).resolves.toBe(child?.parent_id);
    await page.waitForURL(new RegExp(`q=${child?.parent_id}`));
    await poll(() =>
      spanRequests(log).some((u) => u.searchParams.get('span_id_contains') === child?.parent_id),
    ).toBe(true);
    await assertClean(page, log, expect);
    await context.close();
  });
});
