import { silentLogger } from '@agl/store-core';
import type { StoreClientOptions } from '../../src';

/**
 * Client options for tests that look at one answer at a time: no retries, no
 * health probes between them, no log lines. Frozen: every test file shares it.
 */
export const NO_RETRIES: StoreClientOptions = Object.freeze({
  retryDelaysSeconds: Object.freeze([]),
  healthRetryDelaysSeconds: Object.freeze([]),
  logger: silentLogger,
});
