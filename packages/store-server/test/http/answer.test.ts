import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { getRequestListener } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createStoreApp } from '../../src/app';

describe('answers through @hono/node-server with its own Response class', () => {
  let server: Server | undefined;
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('serves the same answer twice when the adapter replaced the global Response', async () => {
    const app = createStoreApp(new InMemoryLightningStore({ watchdogIntervalSeconds: null }), {
      logger: silentLogger,
    });
    // The default of the adapter: the global Request/Response become its lightweight classes,
    // which keep the header object they are given and add Content-Length to it.
    server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    for (let i = 0; i < 2; i++) {
      const reply = await fetch(`http://127.0.0.1:${port}/v1/agl/health`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/json');
      expect(await reply.json()).toMatchObject({ status: 'ok' });
    }
  });
});
