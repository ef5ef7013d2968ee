import type { Server } from 'node:http';
import { type AddressInfo, createServer, type Server as NetServer, type Socket } from 'node:net';
import type { LightningStore } from '@agl/store-core';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { createStoreApp } from '@agl/store-server';
import { createAdaptorServer, serve } from '@hono/node-server';
import { createDashboardHandler, createStoreProxy } from '../src/server/index';
import { SeedClock, seedStore } from './seed';

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
 *
 * The port stays bound from `listen()` to `close()`: while the store is
 * stopped, every connection is reset at once, which a client sees as an
 * unreachable server. Releasing the port instead would let the kernel hand it
 * to the next `listen(0)` (another test server) before the store comes back.
 */
export class RestartableStore {
  /** Answers instead of the store while set (undefined = let the store answer). */
  fault: ((request: Request) => Response | undefined) | undefined;
  private up = false;
  private readonly open = new Set<Socket>();
  private readonly gate: NetServer;
  private readonly http: Server;

  private constructor(readonly store: LightningStore) {
    const app = createStoreApp(store, { logger: silentLogger, events: true });
    this.http = createAdaptorServer({
      fetch: async (request: Request) => this.fault?.(request) ?? (await app.fetch(request)),
    }) as Server;
    this.gate = createServer((socket) => {
      if (!this.up) {
        socket.resetAndDestroy();
        return;
      }
      // Tracked here: an HTTP server that never listened itself does not track them.
      this.open.add(socket);
      socket.once('close', () => this.open.delete(socket));
      this.http.emit('connection', socket);
    });
  }

  /** Binds a free port for the store, which starts stopped (unreachable). */
  static async listen(store: LightningStore): Promise<RestartableStore> {
    const restartable = new RestartableStore(store);
    await new Promise<void>((resolve) => restartable.gate.listen(0, '127.0.0.1', resolve));
    return restartable;
  }

  /** The store's root URL. */
  get url(): string {
    return `http://127.0.0.1:${(this.gate.address() as AddressInfo).port}`;
  }

  /** Starts answering on the bound port. */
  start(): void {
    this.up = true;
  }

  /** Stops answering: open connections are cut and new ones reset. */
  stop(): void {
    this.up = false;
    for (const socket of this.open) socket.resetAndDestroy();
  }

  /** Stops and releases the port. */
  async close(): Promise<void> {
    this.stop();
    await new Promise((resolve) => this.gate.close(resolve));
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
