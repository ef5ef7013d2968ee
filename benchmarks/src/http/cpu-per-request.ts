/**
 * Server CPU time per single request, for comparing server versions on a
 * busy machine (the single-request twin of `cpu-per-rollout.ts`). For each
 * given checkout in turn, `--rounds` times, starts its in-memory server
 * process and sends, with `--concurrency` requests in flight, the bare hono
 * route (the ceiling of the single-request rows) and then `POST /v1/agl/spans`
 * with the 6 kB span of `pnpm bench:http`; prints the server process's CPU
 * time per request (user + system, from /proc, over the measured window).
 * Each round starts with the do-nothing server of the workload rows
 * (`null-server.ts`), which reads the span and answers a recorded 6 kB span:
 * what carrying the span in and out costs without any work on it.
 * Prints; never asserts.
 *
 * Usage (from `benchmarks/`):
 *   pnpm bench:http:cpu:request --trees before=/path/to/other/checkout,after=.. [--rounds 3] [--seconds 3]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { LightningStoreClient } from '@agl/store-client';
import { spanJsonMaker } from '../fixtures';
import { processCpuMs } from '../proc';
import { startServerChild } from './child';
import { closedLoop, type LoadRequest } from './load';
import { treeVariants } from './trees';

const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const { values } = parseArgs({
  args,
  options: {
    trees: { type: 'string', default: 'current=..' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

/** Server CPU per request of a closed loop, in µs; the loop warms up for 0.5 s first. */
interface PerRequest {
  /** User + system. */
  readonly total: number;
  /** System time alone (the kernel's share: sockets, memory). */
  readonly system: number;
}

async function perRequest(
  pid: number,
  origin: string,
  next: (i: number) => LoadRequest,
): Promise<PerRequest> {
  const marks: { user: number; system: number }[] = [];
  const timers = [
    setTimeout(() => marks.push(processCpuMs(pid)), 500),
    setTimeout(() => marks.push(processCpuMs(pid)), 500 + seconds * 1000),
  ];
  const result = await closedLoop(origin, concurrency, seconds, next);
  for (const timer of timers) clearTimeout(timer);
  const [start, end] = marks;
  const requests = Math.max(1, result.rps * seconds);
  if (!start || !end) return { total: Number.NaN, system: Number.NaN };
  const system = end.system - start.system;
  return {
    total: ((end.user - start.user + system) * 1000) / requests,
    system: (system * 1000) / requests,
  };
}

async function measure(
  tree: string,
  backend: 'memory' | 'null',
): Promise<{ ceiling: PerRequest | undefined; addSpan: PerRequest }> {
  const server = await startServerChild([backend], tree);
  const { endpoint, ceiling, pid } = server;
  try {
    if (backend === 'null') {
      const nextSpan = spanJsonMaker('ro-000000000000', 'at-00000000');
      const addSpan = await perRequest(pid, endpoint, (i) => ({
        method: 'POST',
        path: '/v1/agl/spans',
        body: nextSpan(i + 1),
      }));
      return { ceiling: undefined, addSpan };
    }
    const ceilingUrl = new URL(ceiling);
    const ceilingUs = await perRequest(pid, ceilingUrl.origin, () => ({
      method: 'GET',
      path: ceilingUrl.pathname,
    }));
    const client = new LightningStoreClient(endpoint, { logger: null });
    const { rollout_id, attempt } = await client.startRollout({ task: 'x' }, { workerId: 'b' });
    await client.close();
    const nextSpan = spanJsonMaker(rollout_id, attempt.attempt_id);
    const addSpanUs = await perRequest(pid, endpoint, (i) => ({
      method: 'POST',
      path: '/v1/agl/spans',
      body: nextSpan(i + 1),
    }));
    return { ceiling: ceilingUs, addSpan: addSpanUs };
  } finally {
    await server.stop();
  }
}

const us = (r: PerRequest | undefined) =>
  r ? `${r.total.toFixed(0)} µs (${r.system.toFixed(0)})` : 'n/a';
const variants = treeVariants(values.trees ?? '');

for (let round = 0; round < Number(values.rounds); round++)
  for (const { name, tree, backend } of variants) {
    const r = await measure(tree, backend);
    console.log(
      `round ${round + 1}, ${name}: server CPU per request (of which system): bare hono route ${us(r.ceiling)}, POST /v1/agl/spans ${us(r.addSpan)}, load average ${(loadavg()[0] ?? 0).toFixed(2)}`,
    );
  }
