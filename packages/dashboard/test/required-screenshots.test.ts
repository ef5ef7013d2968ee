import { describe, expect, it } from 'vitest';
import {
  isWholeSuite,
  missingScreenshots,
  REQUIRED_SCREENSHOTS,
} from '../e2e/required-screenshots';

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
});
