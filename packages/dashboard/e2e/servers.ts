import type { Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import type { LightningStore } from '@agl/store-core';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { createStoreApp } from '@agl/store-server';
import { serve } from '@hono/node-server';
import { createDashboardHandler, createStoreProxy } from '../src/server/index';
import { SeedClock, seedStore } from './seed';

/** A port that was free a moment ago (nothing listens on it yet). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
): Promise<Server> {
  const server = serve({ fetch, port, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * Our store server (live events on) that a test can stop and start again on
 * the same port, and whose answers it can replace for chosen requests.
 */
export class RestartableStore {
  /** Answers instead of the store while set (undefined = let the store answer). */
  fault: ((request: Request) => Response | undefined) | undefined;
  private server: Server | undefined;
  private readonly app: ReturnType<typeof createStoreApp>;

  constructor(
    readonly store: LightningStore,
    readonly port: number,
  ) {
    this.app = createStoreApp(store, { logger: silentLogger, events: true });
  }

  /** The store's root URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = await listen(
      async (request) => this.fault?.(request) ?? (await this.app.fetch(request)),
      this.port,
    );
  }

  async stop(): Promise<void> {
    await close(this.server);
    this.server = undefined;
  }
}

/** `agl dashboard` in front of a store URL: its read-only proxy and the page in proxy mode. */
export async function startProxyFront(
  storeUrl: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const proxy = createStoreProxy({ store: storeUrl });
  const dashboard = await createDashboardHandler({ mode: 'proxy', storeLabel: storeUrl });
  const server = await listen(
    async (request) =>
      (await proxy.fetch(request)) ??
      (await dashboard.fetch(request)) ??
      new Response('{"detail":"Not Found"}', { status: 404 }),
    0,
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => close(server),
  };
}

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
  const server = await listen(gate, 0);
  return {
    dashboardUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    store,
    connections: () => count,
    close: async () => {
      await close(server);
      await store.close();
    },
  };
}
