/**
 * The server side of the HTTP benchmark, run in its own process so that the
 * server and the load generator each have a core. Prints one JSON line with
 * the store endpoint and the ceiling endpoint, then serves until SIGTERM.
 *
 * Usage: server-child.ts [memory|postgres|null] [database-url] [partition]
 * (`null`: the do-nothing server of `null-server.ts`, the workload's ceiling)
 */
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createConsoleLogger, type LightningStore } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { startNullServer } from './null-server';

async function createStore(backend: string): Promise<LightningStore> {
  if (backend === 'memory') return new InMemoryLightningStore();
  if (backend === 'postgres') {
    const url = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/test';
    const partition = process.argv[4] ?? 'bench';
    // Loaded only when asked for, so the memory rows need no database driver.
    const module = await import('@agl/store-postgres');
    if (process.env.AGL_BENCH_SQL_STATS) {
      const { countingClient, printSqlStats } = await import('./sql-stats');
      process.once('exit', () => printSqlStats());
      const client = countingClient(module.createPgClient({ databaseUrl: url }));
      return module.PostgresLightningStore.open({ client, partition, ownsClient: true });
    }
    return module.createPostgresStore({ databaseUrl: url, partition });
  }
  throw new Error(`unknown backend ${backend}`);
}

if (process.argv[2] === 'null') {
  const { server, endpoint } = await startNullServer();
  process.stdout.write(`${JSON.stringify({ endpoint, ceiling: `${endpoint}/ceiling` })}\n`);
  const stopNull = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', stopNull);
  process.once('SIGINT', stopNull);
} else {
  await serveStore(process.argv[2] ?? 'memory');
}

/** A full garbage collection (the flag set at run time, so the spawn arguments stay as they are). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Resident set and heap after a full collection. */
function memoryNow(): { rss: number; heapUsed: number } {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

async function serveStore(backend: string): Promise<void> {
  const store = await createStore(backend);
  const server = new LightningStoreServer({
    store,
    host: '127.0.0.1',
    port: 0,
    logger: createConsoleLogger({ level: 'error', name: 'agl.store' }),
  });
  await server.start();

  // The ceiling: the same hono + @hono/node-server stack answering, through c.json, a
  // rollout-shaped object of the same size as a real GET /v1/agl/rollouts/{id} answer, so
  // the ratio shows what the store and our layers add, not the cost of a bigger payload.
  const sample = await store.startRollout({ task: 'read me' }, { workerId: 'bench' });
  const ceilingBody = JSON.parse(JSON.stringify(await store.getRolloutById(sample.rollout_id)));
  const ceilingApp = new Hono().get('/ceiling', (c) => c.json(ceilingBody));
  // The memory figures: growth of the resident set and of the heap since start-up
  // (both after a full collection) and what the store holds, read after a workload.
  const baseline = memoryNow();
  ceilingApp.get('/memory', async (c) => {
    const now = memoryNow();
    const stats = await store.statistics();
    return c.json({
      rssGrowth: now.rss - baseline.rss,
      heapGrowth: now.heapUsed - baseline.heapUsed,
      spanBytes: stats.total_span_bytes ?? 0,
      rollouts: stats.total_rollouts ?? 0,
      spans: stats.total_spans ?? 0,
    });
  });
  const ceiling = serve({ fetch: ceilingApp.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => ceiling.once('listening', () => resolve()));
  const { port } = ceiling.address() as AddressInfo;

  process.stdout.write(
    `${JSON.stringify({ endpoint: server.endpoint, ceiling: `http://127.0.0.1:${port}/ceiling` })}\n`,
  );

  const stop = async () => {
    ceiling.close();
    await server.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}
