import {
  createDashboardHandler,
  DashboardAssetsMissingError,
  type DashboardHandler,
  InvalidBasePathError,
  normaliseBasePath,
} from '@agl/dashboard';
import type { Logger } from '@agl/store-core';
import { CliError } from '../../errors';

/** The dashboard flags of `agl store`. */
export interface StoreDashboardFlags {
  /** `--dashboard` (true), `--no-dashboard` (false), or neither (undefined: on by default). */
  dashboard?: boolean;
  /** `--dashboard-base-path`. */
  dashboardBasePath: string;
}

/**
 * Checks the base path early, so a bad value exits 2 before anything starts.
 *
 * @param flags - the parsed flags
 * @throws CliError with exit code 2 for an unusable base path
 */
export function checkDashboardFlags(flags: StoreDashboardFlags): void {
  if (flags.dashboard === false) return;
  try {
    normaliseBasePath(flags.dashboardBasePath);
  } catch (error) {
    if (error instanceof InvalidBasePathError) throw new CliError(error.message, 2);
    throw error;
  }
}

/**
 * The dashboard to serve, or undefined when it is off. Missing built files
 * are fatal when `--dashboard` was given and a warning otherwise.
 *
 * @param flags - the parsed flags
 * @param logger - where the warning goes
 * @throws CliError with exit code 1 when `--dashboard` was given and the assets are missing
 */
export async function openDashboard(
  flags: StoreDashboardFlags,
  logger: Logger,
): Promise<DashboardHandler | undefined> {
  if (flags.dashboard === false) return undefined;
  try {
    return await createDashboardHandler({ basePath: flags.dashboardBasePath, mode: 'embedded' });
  } catch (error) {
    if (!(error instanceof DashboardAssetsMissingError)) throw error;
    if (flags.dashboard === true)
      throw new CliError('dashboard assets not found (is @agl/dashboard installed?)', 1);
    logger.warn('Dashboard assets not found (is @agl/dashboard installed?); serving the API only');
    return undefined;
  }
}
