import { createEmbeddedPostgresStore, createPostgresStore } from '@agl/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertClean,
  browserAvailable,
  closeBrowser,
  type Harness,
  openPage,
  screenshot,
  startHarness,
} from './harness';
import { SeedClock } from './seed';

const run = browserAvailable ? describe : describe.skip;
const databaseUrl = process.env.AGL_TEST_DATABASE_URL;

run(
  `the dashboard on a PostgreSQL store (${databaseUrl ? 'server from AGL_TEST_DATABASE_URL' : 'embedded PGlite'})`,
  () => {
    let h: Harness;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const clock = new SeedClock();
      // A fresh partition per run, so runs never see each other's data.
      const partition = `dashboard_e2e_${Date.now()}`;
      const options = { partition, clock, watchdogIntervalSeconds: null };
      const store = databaseUrl
        ? await createPostgresStore({ databaseUrl, ...options })
        : await createEmbeddedPostgresStore(options);
      close = () => store.close();
      h = await startHarness({ mode: 'ours', store, clock, rollouts: 60 });
    }, 120_000);
    afterAll(async () => {
      await closeBrowser();
      await h?.close();
      await close?.();
    });

    it('lists rollouts and opens an attempt with its spans', async () => {
      if (!databaseUrl) console.log('AGL_TEST_DATABASE_URL is not set: using embedded PGlite');
      const { page, log, context } = await openPage();
      const seed = h.seed as NonNullable<Harness['seed']>;
      await page.goto(`${h.dashboardUrl}rollouts`);
      await page.getByText('of 61').waitFor();
      await screenshot(page, 'postgres', 'rollouts', 'light');
      await page.goto(`${h.dashboardUrl}rollouts/${seed.special.secret}`);
      await page.getByRole('treegrid').waitFor();
      await page.locator('.span-row.kind-llm').first().waitFor();
      await page.getByText(/final reward/).waitFor();
      await screenshot(page, 'postgres', 'rollout-detail', 'light');
      await assertClean(page, log, expect);
      await context.close();
    });
  },
);
