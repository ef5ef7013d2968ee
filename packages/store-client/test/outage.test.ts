/**
 * A store that goes away: a runner polling it must log one line per outage
 * (where it looked, what to check) and one when the store is back, not a
 * warning and a stack for every retry, probe and poll.
 */

import { silentLogger as silentServerLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import { afterEach, describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { captureLogger } from './helpers/capture-logger';

const memory = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
let server: LightningStoreServer | undefined;
let client: LightningStoreClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
});

async function serveOn(port: number): Promise<number> {
  server = new LightningStoreServer({ store: memory, port, logger: silentServerLogger });
  await server.start();
  return server.port;
}

/** What a runner does while idle: poll the queue and send heartbeats, `rounds` times. */
async function poll(store: LightningStoreClient, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await store.dequeueRollout({ workerId: 'Worker-0' });
    await store.updateWorker('Worker-0').catch(() => {});
  }
}

describe('an unreachable store', () => {
  it('is reported once per outage, with advice, and once when it answers again', async () => {
    const port = await serveOn(0);
    const logger = captureLogger();
    client = new LightningStoreClient(`http://127.0.0.1:${port}`, {
      retryDelaysSeconds: [0.005, 0.005],
      healthRetryDelaysSeconds: [0.001, 0.001],
      logger,
    });
    await poll(client, 2);
    expect(logger.entries.filter((e) => e.level !== 'debug')).toEqual([]);

    const loud = () => logger.entries.filter((e) => e.level !== 'debug');
    for (let outage = 1; outage <= 2; outage++) {
      await server?.stop();
      await poll(client, 20);
      const lines = loud();
      // Per outage: the outage line, nothing more however many polls failed.
      expect(lines.map((e) => e.level)).toEqual(outage === 1 ? ['warn'] : ['warn', 'info', 'warn']);
      const line = lines.at(-1)?.message ?? '';
      expect(line).toContain(`Cannot reach the store at http://127.0.0.1:${port}`);
      expect(line).toMatch(/\(\S.*\)\. Is it running\?/);
      expect(line).toContain("'agl store'");
      expect(line).toContain('AGL_SERVER_HOST and AGL_SERVER_PORT');
      expect(lines.at(-1)?.details).toEqual([]);
      await serveOn(port);
      await poll(client, 1);
      expect(loud().at(-1)?.level).toBe('info');
      expect(loud().at(-1)?.message).toMatch(
        new RegExp(`The store at http://127.0.0.1:${port} answers again`),
      );
    }
    expect(loud()).toHaveLength(4);
  });
});

describe('a server that is not a store', () => {
  it('says the address may be wrong instead of a bare Not Found', async () => {
    const { createServer } = await import('node:http');
    const other = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
    client = new LightningStoreClient(url, {
      retryDelaysSeconds: [],
      healthRetryDelaysSeconds: [],
    });
    try {
      await expect(client.statistics()).rejects.toThrow(
        new RegExp(`is ${url} an Agent Lightning store\\? Check the address \\(AGL_SERVER_HOST`),
      );
    } finally {
      other.close();
    }
  });
});
