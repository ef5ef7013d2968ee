import { createEmbeddedPostgresStore, createPostgresStore } from '@agl/store-postgres';
import { describe, expect, it } from 'vitest';
import {
  assertClean,
  browserAvailable,
  type Harness,
  openPage,
  screenshot,
  useHarness,
} from './harness';
import { SeedClock } from './seed';

const run = browserAvailable ? describe : describe.skip;
const databaseUrl = process.env.AGL_TEST_DATABASE_URL;

run(
  `the dashboard on a PostgreSQL store (${databaseUrl ? 'server from AGL_TEST_DATABASE_URL' : 'embedded PGlite'})`,
  () => {
    const h = useHarness(
      async (closeLater) => {
        const clock = new SeedClock();
        // A fresh partition per run, so runs never see each other's data.
        const partition = `dashboard_e2e_${Date.now()}`;
        const options = { partition, clock, watchdogIntervalSeconds: null };
        const store = closeLater(
          databaseUrl
            ? await createPostgresStore({ databaseUrl, ...options })
            : await createEmbeddedPostgresStore(options),
        );
        return { mode: 'ours', store, clock, rollouts: 60 };
      },
      { timeout: 120_000 },
    );

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
