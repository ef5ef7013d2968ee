/**
 * CPU per proxied call, per process: the fake model server and a gateway (recording into memory
 * by default, or `--no-record`, `--discard`, or `--http-store`: into an `agl store` process over
 * HTTP, as in P6, whose CPU per call is reported too) in their own processes, `--calls` calls over
 * `--concurrency` connections after a warm-up, and `/proc/<pid>/stat` utime+stime of each child
 * (and `process.cpuUsage()` of this load generator) before and after. Unlike calls/s, these
 * figures hold on a busy machine. Prints one JSON line; never asserts.
 *
 * Usage (from the repository root):
 *   pnpm --filter @agl/benchmarks bench:proxy:cpu -- --calls 20000 --concurrency 64 [--no-record | --discard | --http-store]
 *
 * `--cpu-prof-dir <dir>` starts the gateway with `node --cpu-prof`, writing its profile (warm-up
 * included) into `<dir>` when it stops; its CPU figures then include the profiler's overhead.
 */
import { parseArgs } from 'node:util';
import { processTicks } from '../proc';
import { callsInTotal, chatBody, createAgent } from './load';
import { type Child, startFake, startGateway, startStore, stop } from './processes';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    calls: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '64' },
    'no-record': { type: 'boolean', default: false },
    discard: { type: 'boolean', default: false },
    'http-store': { type: 'boolean', default: false },
    'cpu-prof-dir': { type: 'string' },
  },
});
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);

/** utime + stime of a process, in clock ticks (10 ms each on Linux). */
function ticks(pid: number): number {
  const t = processTicks(pid);
  return t === null ? Number.NaN : t.user + t.system;
}

const fake = await startFake();
const store: Child | null = values['http-store'] ? await startStore() : null;
const storeUrl = store ? (JSON.parse(store.line) as { endpoint: string }).endpoint : null;
const flags = values['no-record']
  ? ['--no-record']
  : values.discard
    ? ['--discard']
    : storeUrl
      ? ['--store-url', storeUrl]
      : [];
const profileDir = values['cpu-prof-dir'];
const gateway = await startGateway(
  fake.line,
  flags,
  profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
);
try {
  const info = JSON.parse(gateway.line) as { url: string; rolloutId: string; attemptId: string };
  const url = `${info.url}/rollout/${info.rolloutId}/attempt/${info.attemptId}/v1/chat/completions`;
  const agent = createAgent(concurrency);
  const body = chatBody('toy', false, 'The answer is forty-two. '.repeat(4).slice(0, 100));
  await callsInTotal(agent, url, body, concurrency, Number(values.warmup));
  const [fakePid, gatewayPid] = [fake.process.pid as number, gateway.process.pid as number];
  const storePid = store?.process.pid as number | undefined;
  const before = {
    fake: ticks(fakePid),
    gateway: ticks(gatewayPid),
    store: storePid === undefined ? 0 : ticks(storePid),
    load: process.cpuUsage(),
  };
  await callsInTotal(agent, url, body, concurrency, calls);
  const load = process.cpuUsage(before.load);
  const perCall = (t: number) => Math.round((t * 10_000) / calls);
  process.stdout.write(
    `${JSON.stringify({
      gateway: store ? 'http-store' : (flags[0] ?? 'memory'),
      calls,
      gatewayUsPerCall: perCall(ticks(gatewayPid) - before.gateway),
      fakeUsPerCall: perCall(ticks(fakePid) - before.fake),
      ...(storePid === undefined
        ? {}
        : { storeUsPerCall: perCall(ticks(storePid) - before.store) }),
      loadUsPerCall: Math.round((load.user + load.system) / calls),
    })}\n`,
  );
  await agent.close();
} finally {
  await Promise.all([stop(gateway), stop(fake), ...(store ? [stop(store)] : [])]);
}
