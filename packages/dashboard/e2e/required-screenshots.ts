/**
 * The screenshots a complete browser run must leave (the reviewer's set):
 * paths under `test-results/screenshots/`, without the `.png`.
 */
/** The tabs of an attempt, as the `view` query parameter names them. */
export const ATTEMPT_VIEWS = ['waterfall', 'tree', 'table', 'messages', 'json'] as const;

const PAGES = [
  'overview',
  'rollouts',
  'rollout-detail',
  'rollout-xss',
  'rollout-orphans',
  'traces',
  'resources',
  'resources-diff',
  'runners',
  'runner-detail',
  'settings',
  'not-found',
  // Every tab of an attempt (the rollout page shows its latest attempt).
  ...ATTEMPT_VIEWS.map((view) => `attempt-${view}`),
];
const BOTH = ['light', 'dark'];
/** States reached inside a test, shot in both themes by `screenshotBothThemes`. */
const STATES = [
  'rollouts/expanded-row',
  'rollout/span-messages',
  'keyboard/palette',
  'states/empty-store',
  'states/evicted-ours',
  // Offline: the store unreachable from the start, and down after the page had its rows.
  'checks-a/store-not-started',
  'checks-a/stale-rollouts',
];

/** Overview counts by mode and the Rollouts resources filter (`checks-e-by-mode.e2e.ts`), ours and plain. */
const BY_MODE = [
  'checks-e/overview-by-mode',
  'checks-e/overview-reference',
  'checks-e/rollouts-resources-filter',
  'checks-e/rollouts-resources-filter-reference',
];

export const REQUIRED_SCREENSHOTS: readonly string[] = [
  ...PAGES.flatMap((page) => BOTH.map((theme) => `pages/${page}-${theme}`)),
  ...['rollouts', 'rollout-detail'].flatMap((page) =>
    BOTH.map((theme) => `mobile/${page}-${theme}`),
  ),
  ...STATES.flatMap((shot) => BOTH.map((theme) => `${shot}-${theme}`)),
  ...BY_MODE.flatMap((shot) => BOTH.map((theme) => `${shot}-${theme}`)),
  'checks-b/traces-waterfall-light',
  'checks-b/resources-observed-diff-light',
  'checks-b/runner-sparkline-light',
  'checks-b/live-polling-fallback-light',
];

/**
 * Whether vitest was started on the whole browser suite: no file filter and
 * no test-name filter among its arguments (a partial run cannot leave the set).
 *
 * @param argv - the arguments after the node binary and script
 */
export function isWholeSuite(argv: readonly string[]): boolean {
  const valued = new Set(['--config', '-c', '--project', '--root', '-r', '--dir', '--reporter']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-t' || arg.startsWith('--testNamePattern') || arg.startsWith('--shard'))
      return false;
    if (valued.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-') || arg === 'run' || arg === 'watch') continue;
    return false;
  }
  return true;
}

/**
 * The required screenshots missing from a run's files.
 *
 * @param files - the screenshot paths written, relative to the screenshots folder, with `.png`
 */
export function missingScreenshots(files: readonly string[]): string[] {
  const written = new Set(files.map((file) => file.replace(/\\/g, '/').replace(/\.png$/, '')));
  return REQUIRED_SCREENSHOTS.filter((name) => !written.has(name));
}

/**
 * The tests that cannot leave a screenshot, by `file > test name`, with the reason. Every
 * other test fails when it took none (`useServers` in `harness.ts`).
 */
export const SCREENSHOT_EXEMPT: Readonly<Record<string, string>> = {
  'perf.e2e.ts > keeps the bundle within its size budget':
    'reads dist/manifest.json; it opens no page',
};

/**
 * Why a finished test breaks the one-screenshot rule, or null when it does not.
 *
 * @param test - `file > test name`
 * @param taken - the screenshots the test took
 */
export function screenshotProblem(test: string, taken: number): string | null {
  if (taken > 0 || test in SCREENSHOT_EXEMPT) return null;
  return `"${test}" took no screenshot: every browser test leaves one (harness \`screenshot\`), or is listed with its reason in SCREENSHOT_EXEMPT`;
}
