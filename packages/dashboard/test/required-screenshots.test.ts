import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isWholeSuite,
  missingScreenshots,
  REQUIRED_SCREENSHOTS,
  SCREENSHOT_EXEMPT,
  screenshotProblem,
} from '../e2e/required-screenshots';

const e2e = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'e2e');

describe('the required screenshots check of the browser suite', () => {
  it('runs on a whole run only', () => {
    expect(isWholeSuite(['run', '--config', 'vitest.e2e.config.ts'])).toBe(true);
    expect(isWholeSuite(['run', '--config', 'vitest.e2e.config.ts', 'e2e/checks-b-'])).toBe(false);
    expect(isWholeSuite(['run', '-c', 'vitest.e2e.config.ts', '-t', 'palette'])).toBe(false);
    expect(isWholeSuite(['run', '--shard=1/2'])).toBe(false);
  });

  it('names what a run did not leave, in light and dark, desktop and mobile', () => {
    const all = REQUIRED_SCREENSHOTS.map((name) => `${name}.png`);
    expect(missingScreenshots(all)).toEqual([]);
    const partial = all.filter((f) => f !== 'pages/traces-dark.png' && !f.startsWith('mobile/'));
    expect(missingScreenshots(partial)).toEqual([
      'pages/traces-dark',
      'mobile/rollouts-light',
      'mobile/rollouts-dark',
      'mobile/rollout-detail-light',
      'mobile/rollout-detail-dark',
    ]);
  });

  it('fails a test that took no screenshot unless it is exempt with a reason', () => {
    expect(screenshotProblem('pages.e2e.ts > renders', 2)).toBeNull();
    expect(screenshotProblem('pages.e2e.ts > renders', 0)).toContain('"pages.e2e.ts > renders"');
    const [exempt] = Object.keys(SCREENSHOT_EXEMPT);
    expect(screenshotProblem(exempt as string, 0)).toBeNull();
  });

  it('exempts only tests that exist, each with a reason', () => {
    for (const [test, reason] of Object.entries(SCREENSHOT_EXEMPT)) {
      const [file, name] = test.split(' > ') as [string, string];
      expect(readFileSync(path.join(e2e, file), 'utf8')).toContain(`it('${name}'`);
      expect(reason.length).toBeGreaterThan(10);
    }
  });
});
