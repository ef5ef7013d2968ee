/**
 * Serving the built dashboard with web-standard `Request`/`Response`, so any
 * server (hono, Node's http via an adapter, a proxy) can mount it.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RewardSpan } from '../core/rewards';
import { dashboardAssetsDir } from './assets';
import { normaliseBasePath } from './base-path';
import { type DashboardConfig, type DashboardMode, injectConfig } from './config-block';
import { securityHeaders } from './headers';
import { type AttemptRewardSummary, readAttemptReward } from './reward-reader';

/** Options of `createDashboardHandler`. */
export interface DashboardHandlerOptions {
  /** Where the dashboard lives (default `/`). */
  basePath?: string;
  /** Directory with `index.html` and `assets/` (default: the package's `dist/`). */
  assetsDir?: string;
  /** `embedded` (default), `proxy` or `direct`. */
  mode?: DashboardMode;
  /** Store URL for direct mode (the browser calls it itself). */
  apiBase?: string;
  /** What the status area shows as the store's address. */
  storeLabel?: string;
}

/** A mounted dashboard: answers its own paths and passes on the rest. */
export interface DashboardHandler {
  /** The normalised base path (trailing `/`). */
  readonly basePath: string;
  /**
   * Answers a request for a dashboard path, or resolves `undefined` when the
   * path is not the dashboard's (API paths, other methods, outside the base path).
   */
  fetch(request: Request): Promise<Response | undefined>;
  /**
   * The page's reward reader, for servers that offer reward aggregates
   * (our store server serves `/v1/agl/rewards` and `/v1/agl/timeseries` with it).
   */
  readReward(spans: readonly RewardSpan[]): AttemptRewardSummary;
}

/**
 * Thrown at start when the built files are missing. Shaped like the store error family's
 * `InvalidStateError` (`code` `INVALID_STATE`, `status` 409), for the reason given on
 * `InvalidBasePathError`.
 */
export class DashboardAssetsMissingError extends Error {
  /** The store error family's code for a state that forbids the operation. */
  readonly code = 'INVALID_STATE' as const;
  /** The HTTP status the family gives that state. */
  readonly status = 409;

  /** @param dir - where they were looked for */
  constructor(dir: string) {
    super(`dashboard assets not found in ${dir} (is @agl/dashboard installed and built?)`);
    this.name = new.target.name;
  }
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

function isApiPath(pathname: string): boolean {
  return pathname === '/v1' || pathname.startsWith('/v1/') || pathname === '/openapi.json';
}

/**
 * Whether the built dashboard files are in a directory.
 *
 * @param dir - the directory
 */
export async function hasDashboardAssets(dir: string = dashboardAssetsDir): Promise<boolean> {
  try {
    return (
      (await stat(path.join(dir, 'index.html'))).isFile() &&
      (await stat(path.join(dir, 'assets'))).isDirectory()
    );
  } catch {
    return false;
  }
}

/**
 * Creates the handler serving the dashboard under a base path: the page
 * (with its configuration and `Cache-Control: no-cache`) for every
 * client-side route, hashed assets with a one-year immutable cache, 404 for
 * a missing asset, a 308 from the base path without its slash, and the
 * security headers on all of them. API paths are never answered.
 *
 * @param options - base path, assets directory, connection mode
 * @throws DashboardAssetsMissingError when `index.html` or `assets/` is missing
 * @throws InvalidBasePathError for a base path under `/v1` or not starting with `/`
 */
export async function createDashboardHandler(
  options: DashboardHandlerOptions = {},
): Promise<DashboardHandler> {
  const basePath = normaliseBasePath(options.basePath);
  const dir = options.assetsDir ?? dashboardAssetsDir;
  if (!(await hasDashboardAssets(dir))) throw new DashboardAssetsMissingError(dir);
  const config: DashboardConfig = {
    version: 1,
    mode: options.mode ?? 'embedded',
    basePath,
    apiBase: options.mode === 'direct' ? (options.apiBase ?? '') : '',
    storeLabel: options.storeLabel ?? '',
  };
  const storeOrigin = config.apiBase ? new URL(config.apiBase).origin : undefined;
  const headers = securityHeaders(storeOrigin);
  const page = injectConfig(await readFile(path.join(dir, 'index.html'), 'utf8'), config);
  const assetsRoot = path.join(dir, 'assets');

  const html = (head: boolean) =>
    new Response(head ? null : page, {
      headers: {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
      },
    });
  const notFound = () =>
    new Response(JSON.stringify({ detail: 'Not Found' }), {
      status: 404,
      headers: { ...headers, 'content-type': 'application/json' },
    });

  async function asset(name: string, head: boolean, accept: string): Promise<Response> {
    if (name === '' || name.includes('..') || /%2f|%5c|%2e/i.test(name) || name.includes('\\'))
      return notFound();
    const file = path.join(assetsRoot, name);
    if (!file.startsWith(assetsRoot + path.sep)) return notFound();
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const common = {
      ...headers,
      'content-type': type,
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
    };
    if (/\bgzip\b/.test(accept)) {
      try {
        const body = await readFile(`${file}.gz`);
        return new Response(head ? null : body, {
          headers: { ...common, 'content-encoding': 'gzip' },
        });
      } catch {
        // No precompressed sibling: serve the plain file.
      }
    }
    try {
      const body = await readFile(file);
      return new Response(head ? null : body, { headers: common });
    } catch {
      return notFound();
    }
  }

  return {
    basePath,
    readReward: readAttemptReward,
    async fetch(request: Request): Promise<Response | undefined> {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
      const url = new URL(request.url);
      const pathname = url.pathname;
      if (isApiPath(pathname)) return undefined;
      const head = request.method === 'HEAD';
      if (basePath !== '/' && pathname === basePath.slice(0, -1)) {
        return new Response(null, {
          status: 308,
          headers: { ...headers, location: `${basePath}${url.search}` },
        });
      }
      if (!pathname.startsWith(basePath)) return undefined;
      const rest = pathname.slice(basePath.length);
      if (rest.startsWith('assets/'))
        return asset(
          rest.slice('assets/'.length),
          head,
          request.headers.get('accept-encoding') ?? '',
        );
      return html(head);
    },
  };
}
