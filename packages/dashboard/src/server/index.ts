/**
 * The prebuilt Agent Lightning dashboard and the web-standard handlers that
 * serve it: mount `createDashboardHandler` on any server (our store server
 * does), or run it standalone in front of a store with `createStoreProxy`.
 *
 * @module
 */
import packageJson from '../../package.json' with { type: 'json' };

export { dashboardAssetsDir } from './assets';
export { InvalidBasePathError, normaliseBasePath } from './base-path';
export { type DashboardConfig, type DashboardMode, injectConfig, safeJson } from './config-block';
export {
  createDashboardHandler,
  DashboardAssetsMissingError,
  type DashboardHandler,
  type DashboardHandlerOptions,
  hasDashboardAssets,
} from './handler';
export { contentSecurityPolicy, securityHeaders } from './headers';
export {
  createStoreProxy,
  normaliseStoreUrl,
  type StoreProxy,
  type StoreProxyOptions,
} from './proxy';
export type { AttemptRewardSummary } from './reward-reader';

/** The version of this dashboard build. */
export const dashboardVersion: string = packageJson.version;
