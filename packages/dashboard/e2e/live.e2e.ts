import { LightningStoreClient } from '@agl/store-client';
import type { LightningStore } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { assertClean, browserAvailable, openPage, screenshot, useHarness } from './harness';
import { makeSpan } from './seed-spans';

const run = browserAvailable ? describe : describe.skip;

/**
 * A small training loop writing to the store while the page is open: it
 * enqueues a task, a runner claims it, records an LLM span and a reward, and
 * finishes — the writes a trainer and its runners make, over HTTP as they
 * would against \`agl store\`.
 */
async function trainerStep(
  h: { store: LightningStore },
  n: number,
): Promise<{ rolloutId: string; attemptId: string }> {
  const rollout = await h.store.enqueueRollout({ question: `live task ${n}` }, { mode: 'train' });
  const claimed = await h.store.startAttempt(rollout.rollout_id, { workerId: 'live-runner' });
  const attemptId = claimed.attempt.attempt_id;
  const now = Date.now() / 1000;
  const base = {
    rolloutId: rollout.rollout_id,
    attemptId,
    traceId: 'a'.repeat(32),
    start: now,
    end: now + 0.5,
  };
  await h.store.addManySpans([
    makeSpan({ ...base, sequenceId: 1, spanId: '1'.repeat(16), parentId: null, name: 'agent.run' }),
    makeSpan({
      ...base,
      sequenceId: 2,
      spanId: '2'.repeat(16),
      parentId: '1'.repeat(16),
      name: 'openai.chat.completion',
      attributes: { 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': 'hi' },
    }),
  ]);
  await h.store.updateAttempt(rollout.rollout_id, attemptId, { status: 'running' });
  return { rolloutId: rollout.rollout_id, attemptId };
}

for (const mode of ['ours', 'reference'] as const) {
  run(
    `live updates while a trainer runs (${mode === 'ours' ? 'server-sent events' : 'polling a plain server'})`,
    () => {
      let client: LightningStoreClient;
      const h = useHarness(
        { mode, rollouts: 40, spans: 'small' },
        {
          setup: (h, closeLater) => {
            client = closeLater(new LightningStoreClient(h.storeUrl));
          },
        },
      );

      it('shows new rollouts, status changes and new spans without a reload', async () => {
        const { page, log, context } = await openPage({ settings: { pollSeconds: 2 } });
        await page.goto(`${h.dashboardUrl}rollouts`);
        await page.locator('tr[data-rollout]').first().waitFor();
        await page
          .getByTestId('refresh-mode')
          .getByText(mode === 'ours' ? 'Live' : 'Polling every 2 s')
          .waitFor();
        // Bound: SSE ≤ 1 s after the write, polling ≤ interval + 1 s; generous margins for a loaded machine.
        const bound = mode === 'ours' ? 4000 : 7000;
        const step = await trainerStep({ store: client }, 1);
        let started = Date.now();
        await page
          .locator(`tr[data-rollout="${step.rolloutId}"]`)
          .waitFor({ timeout: bound + 5000 });
        const appeared = Date.now() - started;
        started = Date.now();
        await client.updateAttempt(step.rolloutId, step.attemptId, { status: 'succeeded' });
        await page
          .locator(`tr[data-rollout="${step.rolloutId}"] .badge`, { hasText: 'succeeded' })
          .waitFor({ timeout: bound + 5000 });
        const changed = Date.now() - started;
        console.log(
          `[live ${mode}] new rollout visible after ${appeared} ms, status change after ${changed} ms`,
        );
        expect(appeared).toBeLessThan(bound);
        expect(changed).toBeLessThan(bound);
        // An open attempt gains spans as the runner records them.
        const second = await trainerStep({ store: client }, 2);
        await page.goto(`${h.dashboardUrl}rollouts/${second.rolloutId}`);
        await page.locator('[data-span-id]').first().waitFor();
        const now = Date.now() / 1000;
        await client.addSpan(
          makeSpan({
            rolloutId: second.rolloutId,
            attemptId: second.attemptId,
            traceId: 'a'.repeat(32),
            sequenceId: 3,
            spanId: '3'.repeat(16),
            parentId: '1'.repeat(16),
            name: 'late.tool.call',
            start: now,
            end: now + 0.1,
          }),
        );
        await page
          .locator('[data-span-id]', { hasText: 'late.tool.call' })
          .waitFor({ timeout: bound + 5000 });
        await screenshot(page, 'live', `attempt-${mode}`, 'light');
        if (mode === 'reference')
          expect(log.requests.some((r) => r.url.includes('/events'))).toBe(false);
        else expect(log.requests.some((r) => r.url.includes('/v1/agl/events'))).toBe(true);
        await assertClean(page, log, expect);
        await context.close();
      });

      it.runIf(mode === 'ours')(
        'updates eight tabs of one browser through a single event stream',
        async () => {
          const { page: first, context } = await openPage();
          const pages = [
            first,
            ...(await Promise.all(Array.from({ length: 7 }, () => context.newPage()))),
          ];
          const streams: string[] = [];
          context.on('request', (request) => {
            if (request.url().includes('/v1/agl/events')) streams.push(request.url());
          });
          for (const page of pages) {
            await page.goto(`${h.dashboardUrl}rollouts`);
            await page.locator('tr[data-rollout]').first().waitFor();
          }
          for (const page of pages)
            await page.getByTestId('refresh-mode').getByText('Live').waitFor();
          const step = await trainerStep({ store: client }, 3);
          for (const page of pages)
            await page.locator(`tr[data-rollout="${step.rolloutId}"]`).waitFor({ timeout: 10_000 });
          // One stream for the whole browser (the leader tab's), not one per tab.
          expect(streams.length).toBe(1);
          // The last tab, updated without a stream of its own.
          await screenshot(pages[7] as typeof first, 'live', 'eighth-tab-updated', 'light');
          await context.close();
        },
      );
    },
  );
}
