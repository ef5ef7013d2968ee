import { silentLogger as silentServerLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';

describe('a client talking to a server that requires an access key', () => {
  let server: LightningStoreServer;
  let base: string;
  beforeAll(async () => {
    server = new LightningStoreServer({
      store: new InMemoryLightningStore({ watchdogIntervalSeconds: null }),
      port: 0,
      logger: silentServerLogger,
      apiKey: 'k-123',
    });
    await server.start();
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.stop();
    await server.store.close();
  });
  const quick = { retryDelaysSeconds: [], healthRetryDelaysSeconds: [], logger: null };

  it('sends the configured key and is served', async () => {
    const client = new LightningStoreClient(base, { ...quick, apiKey: 'k-123' });
    const rollout = await client.startRollout({ task: 1 });
    expect(await client.getRolloutById(rollout.rollout_id)).not.toBeNull();
    await client.close();
  });

  it('reads the key from AGL_STORE_API_KEY', async () => {
    process.env.AGL_STORE_API_KEY = 'k-123';
    try {
      const client = new LightningStoreClient(base, quick);
      expect(client.config.apiKey).toBe('k-123');
      await expect(client.statistics()).resolves.toMatchObject({ total_rollouts: 1 });
      await client.close();
    } finally {
      delete process.env.AGL_STORE_API_KEY;
    }
  });

  it('is refused with 401 without the key', async () => {
    const client = new LightningStoreClient(base, quick);
    expect(client.config.apiKey).toBeUndefined();
    await expect(client.statistics()).rejects.toThrow('Unauthorized');
    await client.close();
  });
});
