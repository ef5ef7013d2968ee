import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { browserAvailable, type Harness, openPage, saveScreenshot, useHarness } from './harness';

// Regenerates the images the README and docs show; run with `pnpm --filter @agl/dashboard screenshots`.
const enabled = browserAvailable && process.env.AGL_DOCS_SCREENSHOTS === '1';
const run = enabled ? describe : describe.skip;
const images = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'docs',
  'images',
);

run('documentation screenshots', () => {
  const h = useHarness({ mode: 'ours' });

  it('writes docs/images/dashboard-*.png', async () => {
    const seed = h.seed as NonNullable<Harness['seed']>;
    for (const dark of [false, true]) {
      const { page, context } = await openPage({ dark });
      const shots: [string, string, () => Promise<void>][] = [
        [
          'overview',
          'overview',
          async () => void (await page.getByTestId('rollout-counts').waitFor()),
        ],
        [
          'rollouts',
          'rollouts',
          async () => void (await page.locator('tr[data-rollout]').first().waitFor()),
        ],
        [
          'waterfall',
          `rollouts/${seed.special.secret}`,
          async () => {
            await page.locator('.span-row.kind-llm').nth(1).click();
            await page.getByText('Response', { exact: true }).first().waitFor();
            await page
              .locator('.attempt-panel')
              .evaluate((el: { scrollIntoView(): void }) => el.scrollIntoView());
          },
        ],
        [
          'resources-diff',
          'resources/v3?compare=v2',
          async () => void (await page.getByTestId('resources-diff').first().waitFor()),
        ],
        [
          'runners',
          'runners',
          async () => void (await page.getByText('busy, heartbeat lost').first().waitFor()),
        ],
      ];
      for (const [name, url, ready] of shots) {
        if (dark && name !== 'waterfall') continue;
        await page.goto(`${h.dashboardUrl}${url}`);
        await ready();
        await page
          .locator('[aria-busy="true"]')
          .first()
          .waitFor({ state: 'detached', timeout: 5000 })
          .catch(() => undefined);
        await page.waitForTimeout(300);
        await saveScreenshot(
          page,
          path.join(images, `dashboard-${name}${dark ? '-dark' : ''}.png`),
        );
      }
      await context.close();
    }
  }, 120_000);
});
