import type { Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import type { LightningStore } from '@agl/store-core';
import { silentLogger } from '@agl/store-core';
import { createStoreApp } from '@agl/store-server';
import { serve } from '@hono/node-server';
import { createDashboardHandler, createStoreProxy } from '../src/server/index';

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
