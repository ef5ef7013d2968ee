import type { Server } from 'node:http';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { createStoreApp } from '@agl/store-server';
import { serve } from '@hono/node-server';
import { createDashboardHandler, createStoreProxy } from '../src/server/index';
import { SeedClock, seedStore } from './seed';

/** What the gate does with one `GET /v1/agl/events` connection. */
export type StreamFate = 'refuse' | 'drop' | 'pass';

/** A seeded store server with the dashboard whose event stream fails as told. */
export interface GatedServer {
  dashboardUrl: string;
  store: InMemoryLightningStore;
  /** How many event-stream connections the browser opened so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Starts our store server (events on, dashboard embedded) over a small seed,
 * behind a gate that decides the fate of each event-stream connection: a
 * refusal (503, as for too many streams), a drop right after `hello` (the
 * server going away), or the real stream. Every other request passes.
 *
 * @param fate - the fate of connection `n` (counted from 1)
 */
export async function startGatedServer(fate: (n: number) => StreamFate): Promise<GatedServer> {
  const clock = new SeedClock();
  const store = new InMemoryLightningStore({ clock, watchdogIntervalSeconds: null });
  await seedStore(store, {
    now: Math.floor(Date.now() / 1000),
    clock,
    rollouts: 20,
    spans: 'small',
  });
  const dashboard = await createDashboardHandler({ basePath: '/', storeLabel: 'gated test store' });
  const app = createStoreApp(store, { logger: silentLogger, events: true, dashboard });
  let count = 0;
  const gate = (request: Request): Response | Promise<Response> => {
    if (new URL(request.url).pathname !== '/v1/agl/events') return app.fetch(request);
    count++;
    const what = fate(count);
    if (what === 'pass') return app.fetch(request);
    if (what === 'refuse')
      return new Response(JSON.stringify({ detail: 'Too many event streams' }), {
        status: 503,
        headers: { 'content-type': 'application/json' },
      });
    const hello = { server_time: Date.now() / 1000, epoch: 'gate', capabilities: { events: true } };
    return new Response(`retry: 3000\n\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`, {
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
    });
  };
  const server = serve({ fetch: gate, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return {
    dashboardUrl: `http://127.0.0.1:${port}/`,
    store,
    connections: () => count,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

/**
 * The dashboard in proxy mode (`agl dashboard --store URL`) in front of a
 * running store server; returns its URL and how to stop it.
 *
 * @param storeUrl - the store server's root URL
 */
export async function startProxyFront(
  storeUrl: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const proxy = createStoreProxy({ store: storeUrl });
  const dashboard = await createDashboardHandler({ mode: 'proxy', storeLabel: storeUrl });
  const server = serve({
    fetch: async (request: Request) =>
      (await proxy.fetch(request)) ??
      (await dashboard.fetch(request)) ??
      new Response('{"detail":"Not Found"}', { status: 404 }),
    port: 0,
    hostname: '127.0.0.1',
  }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
