import { readFile } from 'node:fs/promises';
import { LightningStoreClient } from '@agl/store-client';
import type { Attempt, Rollout, Span } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime } from '../src/core/format';
import { assertClean, browserAvailable, openPage, screenshot, useHarness } from './harness';
import { makeSpan } from './seed-spans';

const run = browserAvailable ? describe : describe.skip;

type WireRollout = Rollout & { attempt?: Attempt | null };

/** A column heading without its sort marker. */
const heading = (text: string) => text.replace(/\s*[▲▼↑↓↕⇅]\s*$/u, '').trim();

// Checklist rows 27, 31, 34, 35, 38, 41, 46 and 49: the rollouts table and the
// rollout detail page, asserted against what the store itself answers.
run('rollouts table and rollout detail, checked against the store', () => {
  let client: LightningStoreClient;
  let rollouts: WireRollout[];
  const wire = async <T>(path: string): Promise<T> =>
    (await (await fetch(`${h.storeUrl}/v1/agl/${path}`)).json()) as T;

  const h = useHarness(
    { mode: 'ours', rollouts: 80 },
    {
      setup: async (h, closeLater) => {
        client = closeLater(new LightningStoreClient(h.storeUrl));
        // Newest first, as the table shows them: the first rows are the ones drawn without scrolling.
        rollouts = (
          await wire<{ items: WireRollout[] }>(
            'rollouts?limit=200&offset=0&sort_by=start_time&sort_order=desc',
          )
        ).items;
      },
    },
  );

  it('lists the columns in order, with "rollout — attempt" badges, and refreshes on demand', async () => {
    // Paused: nothing refetches by itself, so a request after the click is the click's.
    const { page, log, context } = await openPage({ settings: { live: 'paused' } });
    await page.goto(`${h.dashboardUrl}rollouts`);
    await page.locator('tr[data-rollout]').first().waitFor();
    const headers = await page.locator('table.data thead th').allTextContents();
    expect(headers.map(heading)).toEqual([
      'Expand',
      'Rollout',
      'Attempt',
      'Input',
      'Status',
      'Reward',
      'Resources',
      'Mode',
      'Start Time',
      'Duration',
      'Last Heartbeat',
      'Worker',
      'Actions',
    ]);
    const top = rollouts.slice(0, 10);
    const differing = top.filter((r) => r.attempt && r.attempt.status !== r.status);
    const same = top.filter((r) => r.attempt && r.attempt.status === r.status);
    expect(differing.length).toBeGreaterThan(0);
    for (const r of [...differing.slice(0, 3), ...same.slice(0, 2)]) {
      const cell = page.locator(`tr[data-rollout="${r.rollout_id}"] td`).nth(4);
      const badges = await cell.locator('.badge').allTextContents();
      const attempt = r.attempt as Attempt;
      expect(badges).toEqual(
        attempt.status === r.status ? [r.status] : [r.status, `attempt ${attempt.status}`],
      );
      expect(((await cell.textContent()) ?? '').trim()).toBe(
        attempt.status === r.status ? r.status : `${r.status} — attempt ${attempt.status}`,
      );
    }
    const controls = page.getByRole('button', { name: 'Refresh', exact: true });
    expect(await controls.count()).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    const before = log.requests.length;
    const refetched = page.waitForRequest((r) => r.url().includes('/v1/agl/rollouts?'));
    await controls.first().click();
    await refetched;
    expect(log.requests.slice(before).some((r) => r.url.includes('/v1/agl/rollouts?'))).toBe(true);
    await screenshot(page, 'checks-a', 'rollouts-columns', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('shows the wire rollout in the raw JSON drawer', async () => {
    const { page, log, context } = await openPage({ settings: { live: 'paused' } });
    await page.goto(`${h.dashboardUrl}rollouts`);
    const top = rollouts.slice(0, 10);
    const attempted = top.find((r) => r.attempt) as WireRollout;
    const unattempted = top.find((r) => !r.attempt) as WireRollout;
    for (const r of [attempted, unattempted]) {
      const [served] = (
        await wire<{ items: WireRollout[] }>(
          `rollouts?rollout_id_in=${encodeURIComponent(r.rollout_id)}&limit=1&offset=0`,
        )
      ).items;
      await page.locator(`tr[data-rollout="${r.rollout_id}"] [aria-label="View raw JSON"]`).click();
      const drawer = page.getByRole('dialog');
      await drawer.waitFor();
      const download = page.waitForEvent('download');
      await drawer.getByRole('button', { name: 'Download' }).click();
      const text = await readFile((await (await download).path()) as string, 'utf8');
      // The text the drawer offers is the store's answer for this object, keys as sent.
      expect(text).toBe(JSON.stringify(served, null, 2));
      expect('attempt' in JSON.parse(text)).toBe(r === attempted);
      await screenshot(
        page,
        'checks-a',
        `raw-json-${r === attempted ? 'attempted' : 'queued'}`,
        'light',
      );
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
    }
    await assertClean(page, log, expect);
    await context.close();
  });

  it('clamps the page when the matching rollouts drop below its first row', async () => {
    const { page, log, context } = await openPage();
    const queued: string[] = [];
    for (let i = 0; i < 60; i++)
      queued.push((await client.enqueueRollout({ question: `clamp ${i}` })).rollout_id);
    const total = (await wire<{ total: number }>('rollouts?status_in=queuing&limit=1&offset=0'))
      .total;
    expect(total).toBeGreaterThan(50);
    await page.goto(`${h.dashboardUrl}rollouts?status=queuing&size=50&page=2`);
    await page
      .getByRole('navigation', { name: 'Pagination' })
      .getByText(`51–${total} of ${total}`)
      .waitFor();
    await page.getByTestId('refresh-mode').getByText('Live').waitFor();
    // Cancelled over HTTP, as a trainer would: the live update brings the new total.
    const drop = total - 40;
    for (const id of queued.slice(0, drop)) await client.updateRollout(id, { status: 'cancelled' });
    await page
      .getByRole('navigation', { name: 'Pagination' })
      .getByText('1–40 of 40')
      .waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).searchParams.get('page')).toBe(null);
    // The table is windowed: its row count is announced, not all rows drawn.
    expect(await page.locator('table.data').getAttribute('aria-rowcount')).toBe('41');
    await screenshot(page, 'checks-a', 'clamped-page', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('lists every attempt in the timeline with its columns', async () => {
    const retried = rollouts.find((r) => (r.attempt?.sequence_id ?? 0) >= 3) as WireRollout;
    const attempts = (
      await wire<{ items: Attempt[] }>(
        `rollouts/${encodeURIComponent(retried.rollout_id)}/attempts?limit=100&offset=0`,
      )
    ).items.sort((a, b) => a.sequence_id - b.sequence_id);
    const { page, log, context } = await openPage({ settings: { timeZone: 'utc' } });
    await page.goto(`${h.dashboardUrl}rollouts/${encodeURIComponent(retried.rollout_id)}`);
    await page.locator('table.attempts tbody tr').first().waitFor();
    expect(await page.locator('table.attempts thead th').allTextContents()).toEqual([
      'Attempt',
      'Status',
      'Worker',
      'Start',
      'End',
      'Duration',
      'Last heartbeat',
      'Timeline',
    ]);
    const rows = page.locator('table.attempts tbody tr');
    expect(await rows.count()).toBe(attempts.length);
    for (const [i, a] of attempts.entries()) {
      const cells = rows.nth(i).locator('td');
      expect(await cells.nth(0).textContent()).toBe(`Attempt ${a.sequence_id} ${a.attempt_id}`);
      expect(await cells.nth(1).textContent()).toBe(a.status);
      expect(await cells.nth(2).locator('a').getAttribute('href')).toMatch(
        new RegExp(`/runners/${a.worker_id}$`),
      );
      expect(await cells.nth(3).textContent()).toBe(formatTime(a.start_time, { utc: true }));
      expect(await cells.nth(4).textContent()).toBe(formatTime(a.end_time, { utc: true }));
      expect(await cells.nth(5).textContent()).toBe(
        formatDuration((a.end_time ?? a.last_heartbeat_time ?? 0) - a.start_time),
      );
      expect(await cells.nth(6).textContent()).toMatch(
        a.last_heartbeat_time ? /ago|just now/ : /^never$/,
      );
    }
    await screenshot(page, 'checks-a', 'attempt-timeline', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('shows the same attempt in the Table view, with the upstream columns and ms durations', async () => {
    const target = h.seed?.special.orphan as string;
    const r = rollouts.find((x) => x.rollout_id === target) as WireRollout;
    const attempt = r.attempt as Attempt;
    const spans = (
      await wire<{ items: Span[] }>(
        `spans?rollout_id=${target}&attempt_id=${attempt.attempt_id}&limit=500&offset=0`,
      )
    ).items;
    const { page, log, context } = await openPage({ settings: { timeZone: 'utc' } });
    await page.goto(`${h.dashboardUrl}rollouts/${target}?view=tree`);
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.locator('[data-span-id]').first().waitFor();
    const treeIds = await page
      .locator('[role="treegrid"] [data-span-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-span-id')));
    await page.getByRole('tab', { name: 'Table' }).click();
    const table = page.locator('table.data:not(.attempts)');
    await table.locator('tbody tr').first().waitFor();
    const headers = (await table.locator('thead th').allTextContents()).map(heading);
    expect(headers).toEqual([
      'Name',
      'Seq.',
      'Trace ID',
      'Span ID',
      'Parent ID',
      'Status',
      'Attribute Keys',
      'Start Time',
      'End Time',
      'Duration',
      'Actions',
    ]);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(spans.length);
    const tableIds = new Set<string>();
    for (let i = 0; i < spans.length; i++) {
      const text = ((await rows.nth(i).locator('td').nth(3).textContent()) ?? '').split(
        ' ',
      )[0] as string;
      tableIds.add(text);
    }
    expect([...tableIds].sort()).toEqual(spans.map((s) => s.span_id).sort());
    // Every span the tree drew (real spans; the flagged "missing parent" row is virtual) is in the table.
    for (const id of treeIds)
      if (id && !id.startsWith('missing:')) expect(tableIds.has(id)).toBe(true);
    const short = spans.find((s) => s.end_time !== null && s.end_time - (s.start_time ?? 0) < 1);
    if (short) {
      const row = rows.filter({ hasText: short.span_id });
      expect(await row.locator('td').nth(9).textContent()).toMatch(/^\d+ ms$/);
      expect(await row.locator('td').nth(7).textContent()).toBe(
        formatTime(short.start_time, { utc: true, millis: true }),
      );
    }
    await screenshot(page, 'checks-a', 'table-view', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('starts system messages collapsed and folds the 200 KB message behind "Show all"', async () => {
    const id = h.seed?.special.longMessage as string;
    const { page, log, context } = await openPage();
    await page.goto(`${h.dashboardUrl}rollouts/${id}?view=messages`);
    const system = page.locator('.message.role-system').first();
    await system.waitFor();
    expect(await system.locator('.message-text').textContent()).not.toContain(
      'Answer with a number.',
    );
    await system.getByRole('button', { name: 'Expand' }).click();
    expect(await system.locator('.message-text').textContent()).toContain('Answer with a number.');
    const long = page.locator('.message', { hasText: 'long context line.' });
    const button = long.first().getByRole('button', { name: /^Show all/ });
    const label = await button.textContent();
    const length = Number((label ?? '').match(/\(([\d,]+) characters\)/)?.[1]?.replace(/,/g, ''));
    expect(length).toBeGreaterThan(200_000);
    expect(((await long.first().locator('.message-text').textContent()) ?? '').length).toBeLessThan(
      length / 5,
    );
    await button.click();
    expect(((await long.first().locator('.message-text').textContent()) ?? '').length).toBe(length);
    await screenshot(page, 'checks-a', 'long-message-shown', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });

  it('keeps expanded and collapsed nodes as they were across a live update', async () => {
    const id = h.seed?.special.running as string;
    const r = rollouts.find((x) => x.rollout_id === id) as WireRollout;
    const attempt = r.attempt as Attempt;
    expect(attempt.status).toBe('running');
    const spans = (
      await wire<{ items: Span[] }>(
        `spans?rollout_id=${id}&attempt_id=${attempt.attempt_id}&limit=500&offset=0`,
      )
    ).items;
    const root = spans.find((s) => s.parent_id === null) as Span;
    const { page, log, context } = await openPage();
    await page.goto(`${h.dashboardUrl}rollouts/${id}`);
    await page.locator('[data-span-id]').first().waitFor();
    await page.getByTestId('refresh-mode').getByText('Live').waitFor();
    const state = () =>
      page
        .locator('[role="treegrid"] [data-span-id]')
        .evaluateAll((rows) =>
          Object.fromEntries(
            rows.map((row) => [
              row.getAttribute('data-span-id'),
              row.getAttribute('aria-expanded'),
            ]),
          ),
        );
    // Collapse one inner node (not the root, under which the new span arrives).
    const inner = page.locator('[role="treegrid"] [data-span-id][aria-expanded="true"]').nth(1);
    const innerId = await inner.getAttribute('data-span-id');
    await inner.getByRole('button', { name: 'Collapse' }).click();
    const before = await state();
    expect(before[innerId as string]).toBe('false');
    const now = Date.now() / 1000;
    await client.addSpan(
      makeSpan({
        rolloutId: id,
        attemptId: attempt.attempt_id,
        traceId: root.trace_id,
        sequenceId: Math.max(...spans.map((s) => s.sequence_id)) + 1,
        spanId: 'f'.repeat(16),
        parentId: root.span_id,
        name: 'late.live.span',
        start: now,
        end: now + 0.1,
      }),
    );
    await page
      .locator('[data-span-id]', { hasText: 'late.live.span' })
      .waitFor({ timeout: 15_000 });
    const after = await state();
    for (const [span, expanded] of Object.entries(before)) expect(after[span]).toBe(expanded);
    await screenshot(page, 'checks-a', 'tree-after-live-update', 'light');
    await assertClean(page, log, expect);
    await context.close();
  });
});
