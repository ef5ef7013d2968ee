import { silentLogger, UnavailableError } from '@agl/store-core';
import { until } from '@agl/store-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { type FakeServer, startFakeServer } from './helpers/fake-server';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('close()', () => {
  it('keeps connections alive between calls, releases them on close, and reopens on the next call', async () => {
    server = await startFakeServer(() => ({ body: { name: 'Fake' } }));
    const client = new LightningStoreClient(server.url, { logger: silentLogger });
    await client.statistics();
    await client.statistics();
    expect(await server.openConnections()).toBeGreaterThan(0);
    await client.close();
    await until(async () => (await server?.openConnections()) === 0);
    await expect(client.statistics()).resolves.toEqual({ name: 'Fake' });
    expect(await server.openConnections()).toBeGreaterThan(0);
    await client.close();
  });

  it('fails calls in flight with UnavailableError and does not retry them', async () => {
    server = await startFakeServer(() => ({ body: { name: 'Fake' }, delayMs: 60_000 }));
    const client = new LightningStoreClient(server.url, {
      retryDelaysSeconds: [0.001, 0.001],
      healthRetryDelaysSeconds: [],
      logger: silentLogger,
    });
    const call = client.statistics().catch((error: unknown) => error);
    await until(async () => (server?.calls().length ?? 0) === 1);
    await client.close();
    const error = await call;
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(/closed/);
    expect(server.calls()).toHaveLength(1);
  });
});
