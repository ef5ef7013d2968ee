import { LightningStoreClient } from '@agl/store-client';
import type { Worker } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { WORKER_STATUSES } from '../src/core/query';
import { assertClean, browserAvailable, openPage, screenshot, useHarness } from './harness';
import { startProxyFront } from './servers';

const run = browserAvailable ? describe : describe.skip;

/** `expect.poll` with room for a loaded machine (its default waits 1 s). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

/** The dashboard's default heartbeat thresholds (Settings). */
const STALE_SECONDS = 30;
const LOST_SECONDS = 120;

/** Requests to one API path, as parsed URLs. */
function requestsTo(log: { requests: { url: string }[] }, path: string): URL[] {
  return log.requests.map((r) => new URL(r.url)).filter((u) => u.pathname === path);
}

run('Resources, Runners, Overview, Settings and the keyboard', () => {
  let workers: Worker[];
  // Writes made while a page is open go over HTTP, as a trainer's would, so the server
  // publishes them on its event stream.
  let client: LightningStoreClient;
  const h = useHarness(
    { mode: 'ours', rollouts: 40, spans: 'small' },
    {
      setup: async (h, closeLater) => {
        client = closeLater(new LightningStoreClient(h.storeUrl));
        workers = (await h.store.queryWorkers({ limit: -1 })).items;
      },
    },
  );

  it('lists resources newest first, marks the latest, and leaves Count and Preview unsortable', async () => {
    const { page, log, context } = await openPage();
    await page.goto(`${h.dashboardUrl}resources`);
    await page.locator('table.data tbody tr').first().waitFor();
    const first = requestsTo(log, '/v1/agl/resources')[0];
    expect(first?.search).toBe('?limit=50&offset=0&sort_by=update_time&sort_order=desc');
    const latest = await h.store.getLatestResources();
    const marked = page.locator('table.data tbody tr', {
      has: page.locator('.badge', { hasText: /^latest$/ }),
    });
    await expect(marked.count()).resolves.toBe(1);
    await expect(marked.locator('td').first().textContent()).resolves.toContain(
      latest?.resources_id,
    );
    // Sortable headers are buttons; Count and Preview are plain text.
    const headers = page.locator('table.data thead th');
    for (const label of ['Count', 'Preview']) {
      const th = headers.filter({ hasText: label });
      await expect(th.locator('button').count()).resolves.toBe(0);
    }
    for (const label of ['Resources ID', 'Version', 'Created', 'Updated'])
      await expect(headers.filter({ hasText: label }).locator('button').count()).resolves.toBe(1);
    await screenshot(page, 'checks-b', 'resources-list', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('compares with the previous snapshot by default, with ?compare= on demand, and with versions it saw change', async () => {
    const { page, log, context } = await openPage();
    await page.goto(`${h.dashboardUrl}resources/v3`);
    await page.getByRole('heading', { name: 'Compare v2 → v3' }).waitFor();
    await page.goto(`${h.dashboardUrl}resources/v3?compare=v0`);
    await page.getByRole('heading', { name: 'Compare v0 → v3' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Compare v2 → v3' }).count()).resolves.toBe(0);
    await screenshot(page, 'checks-b', 'resources-compare-param', 'light');

    // `default` is at version 5; an update while the page is open shows what changed.
    const before = await h.store.getResourcesById('default');
    await page.goto(`${h.dashboardUrl}resources/default`);
    await page.getByText(`Version ${before?.version} ·`).waitFor();
    await expect(page.getByText('observed by this browser').count()).resolves.toBe(0);
    const after = await client.updateResources('default', {
      prompt: {
        resource_type: 'prompt_template',
        engine: 'f-string',
        template: 'Answer {question} briefly. Observed edit.',
      },
    } as never);
    const title = `Compare v${before?.version} → v${after.version} (observed by this browser)`;
    const diff = page
      .getByTestId('resources-diff')
      .filter({ has: page.getByRole('heading', { name: title }) });
    await diff.waitFor({ timeout: 10_000 });
    await expect(diff.textContent()).resolves.toContain(
      '+ Answer {question} briefly. Observed edit.',
    );
    await screenshot(page, 'checks-b', 'resources-observed-diff', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('lists runners by heartbeat, filters by status, and flags a busy runner whose heartbeat is lost', async () => {
    const { page, log, context } = await openPage();
    await page.goto(`${h.dashboardUrl}runners`);
    await page.locator('table.data tbody tr').first().waitFor();
    const first = requestsTo(log, '/v1/agl/workers')[0];
    expect(first?.search).toBe('?limit=50&offset=0&sort_by=last_heartbeat_time&sort_order=desc');
    await expect(page.locator('table.data tbody tr').count()).resolves.toBe(workers.length);
    // "busy, heartbeat lost" exactly where the store holds a busy runner with an old heartbeat.
    const now = Date.now() / 1000;
    const lost = workers.filter(
      (w) =>
        w.status === 'busy' &&
        w.last_heartbeat_time !== null &&
        now - w.last_heartbeat_time > LOST_SECONDS,
    );
    expect(lost.map((w) => w.worker_id)).toContain('runner-lost');
    const flagged = page.locator('table.data tbody tr', { hasText: 'busy, heartbeat lost' });
    await expect(flagged.count()).resolves.toBe(lost.length);
    await expect(flagged.first().textContent()).resolves.toContain('runner-lost');
    await screenshot(page, 'checks-b', 'runners-list', 'light');

    await page.getByRole('checkbox', { name: 'busy' }).check();
    await page.getByRole('checkbox', { name: 'idle' }).check();
    await page.waitForURL(/status=busy.*status=idle|status=idle.*status=busy/);
    const wanted = workers.filter((w) => w.status === 'busy' || w.status === 'idle');
    await poll(() => page.locator('table.data tbody tr').count()).toBe(wanted.length);
    const filtered = requestsTo(log, '/v1/agl/workers').at(-1);
    expect(filtered?.searchParams.getAll('status_in').sort()).toEqual(['busy', 'idle']);
    await screenshot(page, 'checks-b', 'runners-filtered', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('links a runner to its current rollout and attempt', async () => {
    const { page, log, context } = await openPage();
    const runner = workers.find((w) => w.worker_id === 'runner-lost');
    if (!runner?.current_rollout_id || !runner.current_attempt_id)
      throw new Error('the seeded runner-lost has no current attempt');
    await page.goto(`${h.dashboardUrl}runners?q=runner-lost`);
    const row = page.locator('table.data tbody tr', { hasText: 'runner-lost' });
    await row.waitFor();
    await expect(
      row.getByRole('link', { name: runner.current_rollout_id, exact: true }).getAttribute('href'),
    ).resolves.toBe(`/rollouts/${runner.current_rollout_id}`);
    await row.getByRole('link', { name: runner.current_attempt_id, exact: true }).click();
    await page.waitForURL(
      `${h.dashboardUrl}rollouts/${runner.current_rollout_id}/attempts/${runner.current_attempt_id}`,
    );
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Rollout' }).first().waitFor();
    await page.getByText(runner.current_attempt_id).first().waitFor();
    await screenshot(page, 'checks-b', 'runner-current-attempt', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it("shows a runner's heartbeat stats, and its sparkline gains a point per heartbeat", async () => {
    const { page, log, context } = await openPage();
    const id = 'runner-00';
    const runner = workers.find((w) => w.worker_id === id);
    await page.goto(`${h.dashboardUrl}runners/${id}`);
    const stats = page.locator('table.kv');
    await stats.locator('tr').first().waitFor();
    for (const [key, value] of Object.entries(runner?.heartbeat_stats ?? {}))
      await expect(
        stats
          .locator('tr', { has: page.locator('th', { hasText: key }) })
          .locator('td')
          .first()
          .textContent(),
      ).resolves.toBe(JSON.stringify(value));
    const cpu = stats.locator('tr', { has: page.locator('th', { hasText: 'cpu_percent' }) });
    await cpu.getByText('1 point').waitFor();
    for (const [n, value] of [
      [2, 31],
      [3, 47],
    ] as const) {
      // Heartbeats of one runner are coalesced over 1 s: space them out.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await client.updateWorker(id, { heartbeatStats: { cpu_percent: value } });
      await poll(() => cpu.locator('svg.sparkline').getAttribute('data-points')).toBe(String(n));
      await expect(cpu.locator('td').first().textContent()).resolves.toBe(String(value));
    }
    await screenshot(page, 'checks-b', 'runner-sparkline', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('counts runners by status and stale on the Overview, as the store holds them', async () => {
    const { page, log, context } = await openPage();
    const current = (await h.store.queryWorkers({ limit: -1 })).items;
    await page.goto(`${h.dashboardUrl}overview`);
    const counts = page.getByTestId('runner-counts');
    await counts.locator('li').first().waitFor();
    const now = Date.now() / 1000;
    const expected: Record<string, number> = {};
    for (const w of current) expected[w.status] = (expected[w.status] ?? 0) + 1;
    for (const status of WORKER_STATUSES)
      await poll(() =>
        counts
          .locator('li', { has: page.locator('.badge', { hasText: new RegExp(`^${status}$`) }) })
          .locator('.count')
          .textContent(),
      ).toBe(String(expected[status] ?? 0));
    // Stale: a heartbeat older than the threshold (a few seconds of slack either side are not
    // near any seeded age, which are 5-10 s, 66-68 s, 900 s and more).
    const stale = current.filter(
      (w) => w.last_heartbeat_time !== null && now - w.last_heartbeat_time > STALE_SECONDS,
    ).length;
    expect(stale).toBeGreaterThan(0);
    await poll(() =>
      counts
        .locator('li', { has: page.locator('.badge', { hasText: /^stale$/ }) })
        .locator('.count')
        .textContent(),
    ).toBe(String(stale));
    await screenshot(page, 'checks-b', 'overview-runner-counts', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('keeps the Store URL read-only when embedded and behind the proxy', async () => {
    const proxy = await startProxyFront(h.storeUrl);
    try {
      for (const [mode, url] of [
        ['embedded', h.dashboardUrl],
        ['proxy', proxy.url],
      ] as const) {
        const { page, log, context } = await openPage();
        await page.goto(`${url}settings`);
        const field = page.getByLabel('Store URL');
        await field.waitFor();
        await expect(
          field.evaluate((el) => (el as unknown as { readOnly: boolean }).readOnly),
        ).resolves.toBe(true);
        const shown = await field.inputValue();
        expect(shown).toBe(mode === 'proxy' ? h.storeUrl : 'embedded test store');
        await field.click();
        await page.keyboard.type('http://elsewhere.invalid');
        await page.keyboard.press('Tab');
        await expect(field.inputValue()).resolves.toBe(shown);
        await page.getByText('Fixed by the server that serves this dashboard.').waitFor();
        const stored = (await page.evaluate("localStorage.getItem('agl-dashboard-settings')")) as
          | string
          | null;
        expect(stored ?? '').not.toContain('elsewhere.invalid');
        await screenshot(page, 'checks-b', `settings-${mode}`, 'light');
        await assertClean(page, log, expect);
        await context.close();
      }
    } finally {
      await proxy.close();
    }
  });

  it('works from the keyboard: Tab to a row, Enter opens, the drawer traps focus, Esc returns it', async () => {
    const { page, log, context } = await openPage();
    await page.goto(`${h.dashboardUrl}rollouts`);
    await page.locator('tr[data-rollout]').first().waitFor();
    const active = () =>
      page.evaluate(`(() => {
        const el = document.activeElement;
        const row = el && el.closest('tr[data-rollout]');
        return {
          tag: el ? el.tagName : null,
          label: el ? el.getAttribute('aria-label') : null,
          href: el ? el.getAttribute('href') : null,
          row: row ? row.getAttribute('data-rollout') : null,
          inDialog: !!(el && el.closest('[role="dialog"]')),
        };
      })()`) as Promise<{
        tag: string | null;
        label: string | null;
        href: string | null;
        row: string | null;
        inDialog: boolean;
      }>;
    // Tab until a row's raw-JSON button has the focus.
    let focus = await active();
    for (let i = 0; i < 200 && !(focus.row && focus.label === 'View raw JSON'); i++) {
      await page.keyboard.press('Tab');
      focus = await active();
    }
    expect(focus.label).toBe('View raw JSON');
    const row = focus.row as string;
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await poll(async () => (await active()).inDialog).toBe(true);
    // Focus stays in the drawer, forwards and backwards.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect((await active()).inDialog).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
      expect((await active()).inDialog).toBe(true);
    }
    await screenshot(page, 'checks-b', 'keyboard-drawer', 'light');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    focus = await active();
    expect(focus).toMatchObject({ label: 'View raw JSON', row });
    // Back to the row's link, and Enter opens the rollout.
    for (
      let i = 0;
      i < 10 && !(focus.row === row && focus.tag === 'A' && focus.href?.includes('/rollouts/'));
      i++
    ) {
      await page.keyboard.press('Shift+Tab');
      focus = await active();
    }
    expect(focus.tag).toBe('A');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.dashboardUrl}rollouts/${row}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Rollout' }).first().waitFor();
    await screenshot(page, 'checks-b', 'keyboard-opened', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });
});
