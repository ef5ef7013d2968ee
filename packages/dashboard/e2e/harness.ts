import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LightningStore } from '@agl/store-core';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { createStoreApp } from '@agl/store-server';
import type { Rollout } from '@agl/types';
import { serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createDashboardHandler, createStoreProxy } from '../src/server/index';
import { CHROMIUM, SCREENSHOTS } from './env';
import { referenceMode } from './reference-mode';
import { screenshotProblem } from './required-screenshots';
import { SeedClock, type SeedResult, seededIdDigits, seedStore } from './seed';

export { browserAvailable } from './env';

/** The seed's "now": the start of the test run, so ages read like a live run. */
const SEED_NOW = Math.floor(Date.now() / 1000);

async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ url: string; server: Server }> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server };
}

/** A running store server (ours or in reference mode) with the dashboard in front. */
export interface Harness {
  /** Where the browser opens the dashboard. */
  dashboardUrl: string;
  /** The store server's own URL. */
  storeUrl: string;
  store: LightningStore;
  seed: SeedResult | null;
  close(): Promise<void>;
}

/** Options of `startHarness`. */
export interface HarnessOptions {
  /** `ours` (embedded, SSE on) or `reference` (plain-server answers, dashboard through `agl dashboard`'s proxy). */
  mode: 'ours' | 'reference';
  /** Seed size; 0 = empty store. */
  rollouts?: number;
  spans?: 'full' | 'small';
  /** A store to use instead of a new in-memory one (it must use `clock`). */
  store?: LightningStore;
  clock?: SeedClock;
  basePath?: string;
  /** Require this access key on the store's API (`agl store --api-key`; ours only). */
  apiKey?: string;
}

/** Starts a seeded store server and the dashboard for it. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const clock = options.clock ?? new SeedClock();
  const store =
    options.store ??
    new InMemoryLightningStore({
      clock,
      watchdogIntervalSeconds: null,
      randomHex: seededIdDigits(),
    });
  const seed =
    options.rollouts === 0
      ? null
      : await seedStore(store, {
          now: SEED_NOW,
          clock,
          rollouts: options.rollouts ?? 500,
          spans: options.spans ?? 'full',
        });
  const servers: Server[] = [];
  if (options.mode === 'ours') {
    const dashboard = await createDashboardHandler({
      basePath: options.basePath ?? '/',
      storeLabel: 'embedded test store',
    });
    const app = createStoreApp(store, {
      logger: silentLogger,
      events: true,
      dashboard,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    });
    const { url, server } = await listen(app.fetch);
    servers.push(server);
    return {
      dashboardUrl: `${url}${options.basePath ?? '/'}`,
      storeUrl: url,
      store,
      seed,
      close: () => closeAll(servers, store, !options.store),
    };
  }
  const app = createStoreApp(store, { logger: silentLogger });
  const storeSide = await listen(referenceMode(app.fetch));
  servers.push(storeSide.server);
  const proxy = createStoreProxy({ store: storeSide.url });
  const dashboard = await createDashboardHandler({ mode: 'proxy', storeLabel: storeSide.url });
  const front = await listen(
    async (request) =>
      (await proxy.fetch(request)) ??
      (await dashboard.fetch(request)) ??
      new Response('{"detail":"Not Found"}', { status: 404 }),
  );
  servers.push(front.server);
  return {
    dashboardUrl: `${front.url}/`,
    storeUrl: storeSide.url,
    store,
    seed,
    close: () => closeAll(servers, store, !options.store),
  };
}

async function closeAll(
  servers: Server[],
  store: LightningStore,
  ownStore: boolean,
): Promise<void> {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (ownStore) await store.close();
}

/** What every page recorded, checked after each test. */
export interface PageLog {
  requests: { method: string; url: string }[];
  blocked: string[];
  consoleErrors: string[];
  dialogs: string[];
}

let browser: Browser | undefined;

/** One Chromium per test file. */
async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  return browser;
}

async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** Anything a test file's set-up opens and its tear-down closes. */
interface Closable {
  close(): unknown;
}

/** Registers something for closing after the file's tests (newest first), and returns it. */
export type CloseLater = <T extends Closable>(resource: T) => T;

/**
 * The hooks every browser test file registers (in its `describe`): before the tests `start`
 * runs, handing what it opens to `closeLater`; after them the file's Chromium closes, then
 * what was registered, newest first. Each test must also leave a screenshot (or be listed in
 * `SCREENSHOT_EXEMPT` with its reason): a test that took none fails.
 *
 * @param start - starts the file's servers (and clients), keeping them where the tests see them
 * @param timeout - of the set-up, when it needs more than the suite's hook timeout
 */
export function useServers(
  start: (closeLater: CloseLater) => Promise<void>,
  timeout?: number,
): void {
  const open: Closable[] = [];
  beforeAll(async () => {
    await start((resource) => {
      open.push(resource);
      return resource;
    });
  }, timeout);
  afterAll(async () => {
    await closeBrowser();
    for (const resource of open.reverse()) await resource.close();
  });
  let before = 0;
  beforeEach(() => {
    before = shotsTaken;
  });
  afterEach(({ task }) => {
    // A test that already failed says why; "no screenshot" would only add noise.
    if (task.result?.errors?.length) return;
    const problem = screenshotProblem(
      `${path.basename(task.file.name)} > ${task.name}`,
      shotsTaken - before,
    );
    if (problem) throw new Error(problem);
  });
}

/**
 * `useServers` for the common case: one harness started with `options` (or with the options
 * that function returns, after it made its own store), then `setup` for anything else the
 * tests need (clients, queries). Returns a view of the harness that the tests can read once
 * it has started.
 */
export function useHarness(
  options: HarnessOptions | ((closeLater: CloseLater) => Promise<HarnessOptions>),
  extra: {
    setup?: (h: Harness, closeLater: CloseLater) => Promise<void> | void;
    timeout?: number;
  } = {},
): Harness {
  let started: Harness | undefined;
  useServers(async (closeLater) => {
    const resolved = typeof options === 'function' ? await options(closeLater) : options;
    started = closeLater(await startHarness(resolved));
    await extra.setup?.(started, closeLater);
  }, extra.timeout);
  return lateHarness(() => started);
}

/**
 * `useServers` for the filter checks: our server and a plain one (reference mode, behind
 * `agl dashboard`'s proxy), both over the same small seed of `rollouts` rollouts.
 */
export function useOursAndPlain(rollouts: number): { ours: Harness; reference: Harness } {
  let ours: Harness | undefined;
  let reference: Harness | undefined;
  useServers(async (closeLater) => {
    ours = closeLater(await startHarness({ mode: 'ours', rollouts, spans: 'small' }));
    reference = closeLater(await startHarness({ mode: 'reference', rollouts, spans: 'small' }));
  });
  return { ours: lateHarness(() => ours), reference: lateHarness(() => reference) };
}

/** A view of a harness that a file's set-up starts later, readable once it has. */
function lateHarness(current: () => Harness | undefined): Harness {
  const get = (): Harness => {
    const started = current();
    if (!started) throw new Error('the harness is read before its set-up started it');
    return started;
  };
  return {
    get dashboardUrl() {
      return get().dashboardUrl;
    },
    get storeUrl() {
      return get().storeUrl;
    },
    get store() {
      return get().store;
    },
    get seed() {
      return get().seed;
    },
    close: () => get().close(),
  };
}

/** The seed's rollouts read back without any filter, to count independently of the page's filters. */
export async function seededRollouts(h: Harness): Promise<Rollout[]> {
  return (await h.store.queryRollouts()).items;
}

/** Waits until the Rollouts page's pager shows the first page of `total` rollouts (100 a page). */
export async function pagerShows(page: Page, total: number): Promise<void> {
  const range = total === 0 ? '0–0' : `1–${Math.min(total, 100)}`;
  await page
    .getByRole('navigation', { name: 'Pagination' })
    .getByText(`${range} of ${total.toLocaleString('en-US')}`)
    .waitFor();
}

/** A fresh context that aborts every non-loopback request and records what the page does. */
export async function openPage(
  options: {
    dark?: boolean;
    mobile?: boolean;
    axe?: boolean;
    settings?: Record<string, unknown>;
  } = {},
): Promise<{ context: BrowserContext; page: Page; log: PageLog }> {
  const b = await launch();
  const context = await b.newContext({
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    colorScheme: options.dark ? 'dark' : 'light',
    reducedMotion: 'reduce',
  });
  const log: PageLog = { requests: [], blocked: [], consoleErrors: [], dialogs: [] };
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== '127.0.0.1' && url.protocol !== 'data:') {
      log.blocked.push(route.request().url());
      return route.abort();
    }
    return route.continue();
  });
  if (options.settings) {
    await context.addInitScript(
      `localStorage.setItem('agl-dashboard-settings', ${JSON.stringify(JSON.stringify({ version: 1, ...options.settings }))})`,
    );
  }
  await context.addInitScript(
    `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
  );
  // Init scripts are injected by the browser, so axe-core runs without loosening the page's CSP.
  if (options.axe) await context.addInitScript({ path: require.resolve('axe-core/axe.min.js') });
  const page = await context.newPage();
  page.on('request', (request) =>
    log.requests.push({ method: request.method(), url: request.url() }),
  );
  page.on('console', (message) => {
    // A failed request is reported by the browser as a console error; the tests that cause them say so.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      log.consoleErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    log.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page, log };
}

/** The checks every end-to-end test makes: read-only, no outside requests, no errors, no CSP violation, no dialog. */
export async function assertClean(
  page: Page,
  log: PageLog,
  expect: (value: unknown) => { toEqual(v: unknown): void },
): Promise<void> {
  const writes = log.requests.filter(
    (r) => r.url.includes('/v1/') && r.method !== 'GET' && r.method !== 'HEAD',
  );
  expect(writes).toEqual([]);
  expect(log.blocked).toEqual([]);
  expect(log.consoleErrors).toEqual([]);
  expect(log.dialogs).toEqual([]);
  expect(await page.evaluate('window.__csp')).toEqual([]);
  expect(await page.evaluate('window.__xss ?? null')).toEqual(null);
}

/** How many screenshots this file has taken, for the per-test check of `useServers`. */
let shotsTaken = 0;

/** Saves a screenshot of the page to `file` (counted as the current test's). */
export async function saveScreenshot(page: Page, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  shotsTaken++;
}

/** Saves a screenshot under test-results/screenshots/<suite>/<name>-<theme>.png. */
export async function screenshot(
  page: Page,
  suite: string,
  name: string,
  theme: 'light' | 'dark',
): Promise<void> {
  await saveScreenshot(page, path.join(SCREENSHOTS, suite, `${name}-${theme}.png`));
}

/**
 * Screenshots the page as it is in light, then in dark by flipping the
 * emulated colour scheme (the app follows it live on the "system" theme), and
 * restores light, so a state reached once leaves both versions.
 */
export async function screenshotBothThemes(page: Page, suite: string, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.locator('html[data-theme="light"]').waitFor({ state: 'attached' });
  await screenshot(page, suite, name, 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
  await screenshot(page, suite, name, 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.locator('html[data-theme="light"]').waitFor({ state: 'attached' });
}

const require = createRequire(import.meta.url);

/** Runs axe-core (WCAG 2.1 A/AA) in the page; returns the violations, summarised. */
export async function axe(page: Page): Promise<string[]> {
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')))`,
  )) as string[];
  return result;
}
