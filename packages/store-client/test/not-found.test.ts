import { InternalStoreError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { captureLogger } from './helpers/capture-logger';
import { NO_RETRIES } from './helpers/client-options';
import { closeAfterEach } from './helpers/close-after-each';
import { startFakeServer } from './helpers/fake-server';
import { exchange } from './helpers/fixtures';

const closing = closeAfterEach();

describe('"not found" mapping (any failure reads as not found, like the reference)', () => {
  it('reads any failure of the four lenient getters as null, after the retries, with a warning', async () => {
    const unknown = exchange('rollouts.get.unknown_id').response;
    const server = closing(
      await startFakeServer(() => ({ status: unknown.status, body: unknown.body })),
    );
    const logger = captureLogger();
    const client = closing(
      new LightningStoreClient(server.url, {
        retryDelaysSeconds: [0.001],
        healthRetryDelaysSeconds: [],
        logger,
      }),
    );
    await expect(client.getRolloutById('ro-000000000000')).resolves.toBeNull();
    await expect(client.getLatestAttempt('ro-1')).resolves.toBeNull();
    await expect(client.getResourcesById('rs-1')).resolves.toBeNull();
    await expect(client.getLatestResources()).resolves.toBeNull();
    expect(server.calls()).toHaveLength(8);
    expect(logger.messages('warn')).toHaveLength(4);
    expect(logger.messages('warn')[0]).toContain('getRolloutById(ro-000000000000)');
  });

  it('does not swallow failures of getWorkerById', async () => {
    const server = closing(
      await startFakeServer(() => ({
        status: 500,
        body: { detail: 'x', error_type: 'ValueError' },
      })),
    );
    const client = closing(
      new LightningStoreClient(server.url, { ...NO_RETRIES, logger: captureLogger() }),
    );
    await expect(client.getWorkerById('w')).rejects.toBeInstanceOf(InternalStoreError);
  });
});
