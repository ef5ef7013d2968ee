/**
 * The LLM gateway benchmark: the fake model server and the gateway each in their own process,
 * load from this one, proxied and direct calls measured in the same run. Prints one Markdown
 * table; never asserts.
 *
 * Usage (from the repository root):
 *   pnpm bench:proxy
 *   pnpm bench:proxy -- --calls 2000 --warmup 200 --seconds 10 --concurrency 64 --p7-calls 100000
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  call,
  callsInTotal,
  callsPerSecond,
  chatBody,
  createAgent,
  percentile,
  streamTimes,
  type Throughput,
} from './load';
import { type Child, memoryAfterGc, startFake, startGateway, startStore, stop } from './processes';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    calls: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    'warmup-seconds': { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '64' },
    streams: { type: 'string', default: '200' },
    'p7-calls': { type: 'string', default: '100000' },
  },
});
const calls = Number(values.calls);
const warmup = Number(values.warmup);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values['warmup-seconds']);
const concurrency = Number(values.concurrency);
const streams = Number(values.streams);
const p7Calls = Number(values['p7-calls']);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const ms = (n: number) => `${n.toFixed(3)} ms`;
const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} calls/s`;
const progress = (text: string) => process.stderr.write(`${text}\n`);

// About 1 KiB of answer with its token ids; 256 one-token chunks when streamed.
const ANSWER = 'The answer is forty-two. '.repeat(4).slice(0, 100);
const LONG = 'x'.repeat(256);

async function sequential(
  agent: ReturnType<typeof createAgent>,
  url: string,
  body: string,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await call(agent, url, body);
  const sample: number[] = [];
  for (let i = 0; i < calls; i++) sample.push(await call(agent, url, body));
  return sample;
}

async function streamed(agent: ReturnType<typeof createAgent>, url: string, body: string) {
  for (let i = 0; i < Math.min(20, streams); i++) await streamTimes(agent, url, body);
  const first: number[] = [];
  const last: number[] = [];
  for (let i = 0; i < streams; i++) {
    const t = await streamTimes(agent, url, body);
    first.push(t.first);
    last.push(t.last);
  }
  return { first: percentile(first, 50), last: percentile(last, 50) };
}

type Row = [string, string, string, string, string, string];

/** Cores of this machine: the bound of the CPU rows. */
const CORES = availableParallelism();

/** The CPU µs per call of each measured process (watched ones, then the load generator). */
const perCall = (run: Throughput): number[] => [
  run.cpuUsPerCall[0] ?? Number.NaN,
  run.loadUsPerCall,
  ...run.cpuUsPerCall.slice(1),
];

/**
 * A diagnostic row of CPU per call: the direct and the proxied runs' processes, and the highest
 * proxied ÷ direct ratio that this much CPU per call allows on this machine's cores even if every
 * core were kept busy (the sum of all processes' CPU per call is what one call takes of them).
 */
function cpuRow(name: string, directRun: Throughput, run: Throughput, directRate: number): Row {
  const costs = perCall(run);
  const bound = (CORES * 1e6) / costs.reduce((a, b) => a + b, 0) / directRate;
  const list = (values: number[]) => values.map((v) => Math.round(v).toString()).join(' · ');
  return [
    name,
    list(perCall(directRun)),
    list(costs),
    `≤ ${bound.toFixed(2)}x on ${CORES} cores`,
    '(diagnostic)',
    '',
  ];
}
const rows: Row[] = [];
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');

const children: Child[] = [];
try {
  progress('starting the fake model server and the gateway');
  const fake = await startFake();
  children.push(fake);
  const gateway = await startGateway(fake.line);
  children.push(gateway);
  const info = JSON.parse(gateway.line) as { url: string; rolloutId: string; attemptId: string };
  const direct = `${fake.line}/chat/completions`;
  const proxied = `${info.url}/rollout/${info.rolloutId}/attempt/${info.attemptId}/v1/chat/completions`;
  const one = createAgent(1);
  const directBody = chatBody('fake/toy-1', false, ANSWER);
  const proxiedBody = chatBody('toy', false, ANSWER);

  progress(`P1/P2: ${calls} sequential calls each way`);
  const d = await sequential(one, direct, directBody);
  const p = await sequential(one, proxied, proxiedBody);
  const [d50, p50, d99, p99] = [
    percentile(d, 50),
    percentile(p, 50),
    percentile(d, 99),
    percentile(p, 99),
  ];
  rows.push([
    'P1 added p50, non-streamed, 1 connection',
    ms(d50),
    ms(p50),
    ms(p50 - d50),
    '< 1.0 ms',
    verdict(p50 - d50 < 1),
  ]);
  rows.push([
    'P2 added p99, same run',
    ms(d99),
    ms(p99),
    ms(p99 - d99),
    '< 5 ms',
    verdict(p99 - d99 < 5),
  ]);

  progress(`P3: ${concurrency} connections for ${seconds} s each way`);
  const many = createAgent(concurrency);
  const fakePid = fake.process.pid as number;
  const directRun = await callsPerSecond(
    many,
    direct,
    directBody,
    concurrency,
    seconds,
    warmupSeconds,
    [fakePid],
  );
  const dRate = directRun.rate;
  const proxiedRun = await callsPerSecond(
    many,
    proxied,
    proxiedBody,
    concurrency,
    seconds,
    warmupSeconds,
    [fakePid, gateway.process.pid as number],
  );
  const pRate = proxiedRun.rate;
  rows.push([
    `P3 calls/s, ${concurrency} connections`,
    rate(dRate),
    rate(pRate),
    `${(pRate / dRate).toFixed(2)}x`,
    '≥ 0.5x',
    verdict(pRate / dRate >= 0.5),
  ]);

  progress('P3 again with a gateway that does not record');
  const bare = await startGateway(fake.line, ['--no-record']);
  children.push(bare);
  const bi = JSON.parse(bare.line) as { url: string; rolloutId: string; attemptId: string };
  const bareUrl = `${bi.url}/rollout/${bi.rolloutId}/attempt/${bi.attemptId}/v1/chat/completions`;
  const bareRun = await callsPerSecond(
    many,
    bareUrl,
    proxiedBody,
    concurrency,
    seconds,
    warmupSeconds,
    [fakePid, bare.process.pid as number],
  );
  const bareRate = bareRun.rate;
  rows.push([
    `P3' calls/s, ${concurrency} connections, record: false`,
    rate(dRate),
    rate(bareRate),
    `${(bareRate / dRate).toFixed(2)}x`,
    '(diagnostic)',
    '',
  ]);
  rows.push(cpuRow('P3 CPU µs per call: fake · load · gateway', directRun, proxiedRun, dRate));
  rows.push(cpuRow("P3' CPU µs per call, record: false", directRun, bareRun, dRate));

  progress(`P4: ${streams} streams of 256 chunks each way`);
  const ds = await streamed(one, direct, chatBody('fake/toy-1', true, LONG));
  const ps = await streamed(one, proxied, chatBody('toy', true, LONG));
  rows.push([
    'P4 added time to first chunk p50',
    ms(ds.first),
    ms(ps.first),
    ms(ps.first - ds.first),
    '< 1.5 ms',
    verdict(ps.first - ds.first < 1.5),
  ]);
  rows.push([
    'P4 added time to last chunk p50',
    ms(ds.last),
    ms(ps.last),
    ms(ps.last - ds.last),
    '< 5 ms',
    verdict(ps.last - ds.last < 5),
  ]);

  progress('P5: chunks paced every 20 ms');
  const paced = await startFake(['--chunk-delay-ms', '20']);
  children.push(paced);
  const pacedGateway = await startGateway(paced.line);
  children.push(pacedGateway);
  const pg = JSON.parse(pacedGateway.line) as { url: string; rolloutId: string; attemptId: string };
  const pacedUrl = `${pg.url}/rollout/${pg.rolloutId}/attempt/${pg.attemptId}/v1/chat/completions`;
  const gaps: number[] = [];
  const directGaps: number[] = [];
  for (let i = 0; i < 5; i++) {
    directGaps.push(
      (
        await streamTimes(
          one,
          `${paced.line}/chat/completions`,
          chatBody('fake/toy-1', true, 'x'.repeat(20)),
        )
      ).maxGap,
    );
    gaps.push((await streamTimes(one, pacedUrl, chatBody('toy', true, 'x'.repeat(20)))).maxGap);
  }
  const maxGap = Math.max(...gaps);
  rows.push([
    'P5 largest gap between chunks (20 ms pacing)',
    ms(Math.max(...directGaps)),
    ms(maxGap),
    '',
    '≤ 25 ms',
    verdict(maxGap <= 25),
  ]);
  progress('P6: the gateway recording into an agl store in a fourth process');
  const storeChild = await startStore();
  children.push(storeChild);
  const storeUrl = (JSON.parse(storeChild.line) as { endpoint: string }).endpoint;
  const remote = await startGateway(fake.line, ['--store-url', storeUrl]);
  children.push(remote);
  const ri = JSON.parse(remote.line) as { url: string; rolloutId: string; attemptId: string };
  const remoteUrl = `${ri.url}/rollout/${ri.rolloutId}/attempt/${ri.attemptId}/v1/chat/completions`;
  const r6 = await sequential(one, remoteUrl, proxiedBody);
  const r50 = percentile(r6, 50);
  rows.push([
    'P6 added p50 with an HTTP store (agl store process)',
    ms(d50),
    ms(r50),
    ms(r50 - d50),
    '< 3 ms',
    verdict(r50 - d50 < 3),
  ]);
  const remoteRun = await callsPerSecond(
    many,
    remoteUrl,
    proxiedBody,
    concurrency,
    seconds,
    warmupSeconds,
    [fakePid, remote.process.pid as number, storeChild.process.pid as number],
  );
  const remoteRate = remoteRun.rate;
  rows.push([
    `P6 calls/s with an HTTP store, ${concurrency} connections`,
    rate(dRate),
    rate(remoteRate),
    `${(remoteRate / dRate).toFixed(2)}x`,
    '≥ 0.3x',
    verdict(remoteRate / dRate >= 0.3),
  ]);
  rows.push(
    cpuRow('P6 CPU µs per call: fake · load · gateway · store', directRun, remoteRun, dRate),
  );
  await stop(remote);
  await stop(storeChild);

  progress(`P7: ${p7Calls.toLocaleString('en-US')} calls recorded into a store that drops spans`);
  const lean = await startGateway(fake.line, ['--discard'], ['--expose-gc']);
  children.push(lean);
  const li = JSON.parse(lean.line) as { url: string; rolloutId: string; attemptId: string };
  const leanUrl = `${li.url}/rollout/${li.rolloutId}/attempt/${li.attemptId}/v1/chat/completions`;
  // The first ~10,000 calls grow the heap's and the allocator's reserves to their working size
  // (RSS rises by tens of MiB, then stays flat while the used heap does not move); the baseline is
  // taken after them so that the row shows growth that goes on, i.e. leaks.
  await callsInTotal(many, leanUrl, proxiedBody, concurrency, 10_000);
  const before = await memoryAfterGc(lean);
  await callsInTotal(many, leanUrl, proxiedBody, concurrency, p7Calls);
  const after = await memoryAfterGc(lean);
  const grown = after.rss - before.rss;
  rows.push([
    `P7 RSS growth over ${p7Calls.toLocaleString('en-US')} recorded calls (after GC; used heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)}, committed ${mib(before.heapTotal)} → ${mib(after.heapTotal)})`,
    mib(before.rss),
    mib(after.rss),
    mib(grown),
    '< 50 MiB',
    verdict(grown < 50 * 1024 * 1024),
  ]);
  await Promise.all([one.close(), many.close()]);
} finally {
  await Promise.all(children.map(stop));
}

const headers = ['measure', 'direct', 'proxied', 'added / ratio', 'target', 'result'];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: readonly string[]) =>
  `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
process.stdout.write(
  `${[line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')}\n`,
);
