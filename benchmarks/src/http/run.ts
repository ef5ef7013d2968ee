/**
 * The HTTP benchmark: a store server in its own process, load from this one.
 * Prints two Markdown tables: single requests as a ratio of a bare hono JSON
 * route (the ceiling), and a runner-shaped workload. Prints; never asserts.
 *
 * Usage (from the repository root):
 *   pnpm bench:http                                    # in-memory backend
 *   pnpm bench:http -- --backend postgres [--database-url URL] [--servers 1,2]
 *
 * A postgres run also measures the in-memory backend's workload (its baseline)
 * and, by default, one and two server processes over one database.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type ServerChild, startServerChild } from './child';
import {
  type CpuSplit,
  type CpuSplitMeasurement,
  databaseName,
  formatCpuPerRollout,
  formatCpuSplit,
  startCpuSplit,
} from './cpu-split';
import { memoryRow } from './memory-row';
import { DO_NOTHING_SPAN_ROW, requestRows } from './requests';
import { runnerWorkload, type WorkloadResult } from './runner-workload';

// `pnpm bench:http -- --flag` passes the `--` through; it is not an argument.
const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const { values } = parseArgs({
  args,
  options: {
    backend: { type: 'string', default: 'memory' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    servers: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    runners: { type: 'string', default: '32' },
    'workload-only': { type: 'boolean', default: false },
    'skip-baselines': { type: 'boolean', default: false },
    batching: { type: 'string', default: 'both' },
  },
});
const backend = values.backend;
/** Server process counts of the workload rows: `--servers 1,2`; postgres defaults to both. */
const serverCounts = (values.servers ?? (backend === 'memory' ? '1' : '1,2'))
  .split(',')
  .map(Number);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const runners = Number(values.runners);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(headers),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MB`;

/** Starts `count` server processes for the backend (on one fresh database partition). */
async function startServers(count: number, on: string): Promise<ServerChild[]> {
  const partition = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const args = on === 'memory' ? ['memory'] : [on, values['database-url'], partition];
  const servers: ServerChild[] = [];
  for (let i = 0; i < count; i++) servers.push(await startServerChild(args));
  return servers;
}

/** Runs `body` against fresh servers of backend `on` and stops them afterwards. */
async function withServers<T>(
  count: number,
  body: (servers: ServerChild[]) => Promise<T>,
  on: string = backend,
): Promise<T> {
  const servers = await startServers(count, on);
  try {
    return await body(servers);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** One workload row: a backend, its server process count and span batching. */
interface WorkloadRow {
  readonly backend: string;
  readonly servers: number;
  readonly batched: boolean;
  readonly result: WorkloadResult;
  readonly rss: number;
  /** CPU used by the database, the servers, the load generator and others during the row. */
  readonly cpu: CpuSplit | null;
}

/**
 * Today's in-memory figures (7 December 2026, before the performance work of
 * issue 16, same memory row), against which a growth of at most 10 % is allowed.
 */
const MEMORY_BASELINE = { rssPer1000Spans: 12.3 * 1024 * 1024, heapPerRollout: 8.4 * 1024 };

/** The target of a workload row; `single` is the same backend's 1-process row. */
function targetOf(row: WorkloadRow, single: WorkloadRow | undefined): string {
  if (row.backend === 'do-nothing') return '(ceiling)';
  if (row.backend === 'memory') return row.batched ? '≥ 0.80 of ceiling' : '≥ 0.60 of ceiling';
  if (row.servers === 1) return '≥ 0.50 vs memory';
  return single ? `> ${fmt(single.result.rolloutsPerSecond)} (1 process)` : '';
}

/**
 * Whether a database row meets its target: one process at least half the
 * in-memory rollouts/s of the same run, more processes faster than one.
 * `undefined` for other rows or when the comparison row is missing.
 */
function databaseTargetMet(
  row: WorkloadRow,
  memory: WorkloadRow | undefined,
  single: WorkloadRow | undefined,
): boolean | undefined {
  if (row.backend === 'do-nothing' || row.backend === 'memory') return undefined;
  if (row.servers === 1) {
    return memory
      ? row.result.rolloutsPerSecond >= 0.5 * memory.result.rolloutsPerSecond
      : undefined;
  }
  return single ? row.result.rolloutsPerSecond > single.result.rolloutsPerSecond : undefined;
}

const withVerdict = (target: string, met: boolean | undefined): string =>
  met === undefined ? target : `${target}: ${met ? 'met' : 'MISSED'}`;

/** The target of a single-request row of the in-memory backend. */
function singleTarget(name: string): string {
  if (name === DO_NOTHING_SPAN_ROW) return '(diagnostic)';
  if (name.startsWith('GET /v1/agl/rollouts')) return '≥ 0.70';
  if (name.startsWith('POST /v1/agl/queues') || name.startsWith('POST /v1/agl/spans'))
    return '≥ 0.50';
  return '';
}

async function main(): Promise<void> {
  if (!values['workload-only']) await singleRequests();
  await workloads();
  if (!values['skip-baselines']) await memoryRows();
  const load = loadavg().map((n) => n.toFixed(2));
  console.log(
    `\nNode ${process.version}, ${new Date().toISOString()}, load average ${load.join(' ')}`,
  );
}

/** The single-request rows (skipped with `--workload-only`). */
async function singleRequests(): Promise<void> {
  process.stderr.write(
    `single requests (${backend}, ${concurrency} in flight, ${seconds} s each)...\n`,
  );
  // The in-memory rows also send the span to the do-nothing server: what the
  // HTTP round trip of a 6 kB span costs before any store work.
  const requests = await withServers(1, ([first]) =>
    backend === 'memory'
      ? withServers(
          1,
          ([empty]) =>
            requestRows(
              (first as ServerChild).endpoint,
              (first as ServerChild).ceiling,
              concurrency,
              seconds,
              (empty as ServerChild).endpoint,
            ),
          'null',
        )
      : requestRows(
          (first as ServerChild).endpoint,
          (first as ServerChild).ceiling,
          concurrency,
          seconds,
        ),
  );
  console.log(
    `\n### Single requests (${backend}, one server process, ${concurrency} in flight; median of 3 rounds, each after a ceiling round)\n`,
  );
  console.log(
    table(
      ['request', 'req/s', 'p50', 'p99', 'vs ceiling', 'errors', 'target'],
      requests.map((row) => [
        row.name,
        fmt(row.result.rps),
        `${fmt(row.result.p50, 2)} ms`,
        `${fmt(row.result.p99, 2)} ms`,
        row.ratio.toFixed(2),
        String(row.result.errors),
        backend === 'memory' ? singleTarget(row.name) : '',
      ]),
    ),
  );
}

/** The runner-workload rows. */
async function workloads(): Promise<void> {
  // Each workload on fresh servers, so earlier rows' data does not weigh on it. A
  // database backend is compared with the in-memory backend measured in this same run.
  // The do-nothing server (canned answers, same process layout) is the ceiling of each mode.
  const configs: [string, number][] = serverCounts.map((count) => [backend, count]);
  // `--skip-baselines` (for profiling one backend) leaves the ratios empty.
  if (!values['skip-baselines']) {
    if (backend !== 'memory') configs.unshift(['memory', 1]);
    configs.unshift(['null', 1]);
  }
  const rows: WorkloadRow[] = [];
  const modes = { both: [true, false], batched: [true], unbatched: [false] }[values.batching] ?? [
    true,
    false,
  ];
  for (const batched of modes) {
    for (const [on, count] of configs) {
      const label = `${on}, ${count} server process${count > 1 ? 'es' : ''}`;
      process.stderr.write(`runner workload (${label}, ${batched ? 'batched' : 'unbatched'})...\n`);
      const [result, rss, cpu] = await withServers(
        count,
        async (servers) => {
          // CPU is measured over the same interval as the rollouts counted.
          let split: CpuSplitMeasurement | undefined;
          let cpu: CpuSplit | null = null;
          const run = await runnerWorkload({
            endpoints: servers.map((s) => s.endpoint),
            runners,
            spansPerRollout: 10,
            batched,
            seconds,
            onMeasuring: (measuring) => {
              if (!measuring) cpu = split?.stop() ?? null;
              else {
                split = startCpuSplit({
                  serverPids: servers.map((s) => s.pid),
                  database: on === 'postgres' ? databaseName(values['database-url']) : null,
                });
              }
            },
          });
          return [run, servers.reduce((sum, s) => sum + s.rss(), 0), cpu] as const;
        },
        on,
      );
      rows.push({
        backend: on === 'null' ? 'do-nothing' : on,
        servers: count,
        batched,
        result,
        rss,
        cpu,
      });
    }
  }
  console.log(
    `\n### Runner-shaped workload (${runners} runners, 10 spans with 5 kB of attributes each per rollout)\n`,
  );
  console.log(
    table(
      [
        'backend',
        'span writes',
        'rollouts/s',
        'vs ceiling',
        'vs memory',
        'spans/s',
        'cycle p50',
        'cycle p99',
        'server RSS',
        'CPU split (cores)',
        'CPU per rollout',
        'target',
      ],
      rows.map((row) => {
        const memory = rows.find((r) => r.backend === 'memory' && r.batched === row.batched);
        const ceiling = rows.find((r) => r.backend === 'do-nothing' && r.batched === row.batched);
        const single = rows.find(
          (r) => r.backend === row.backend && r.servers === 1 && r.batched === row.batched,
        );
        return [
          `${row.backend}, ${row.servers} process${row.servers > 1 ? 'es' : ''}`,
          row.batched ? 'batched (POST /spans/batch)' : 'unbatched (POST /spans × 10)',
          fmt(row.result.rolloutsPerSecond),
          ceiling
            ? (row.result.rolloutsPerSecond / ceiling.result.rolloutsPerSecond).toFixed(2)
            : '',
          memory && row.backend !== 'do-nothing'
            ? (row.result.rolloutsPerSecond / memory.result.rolloutsPerSecond).toFixed(2)
            : '',
          fmt(row.result.spansPerSecond),
          `${fmt(row.result.cycleP50, 1)} ms`,
          `${fmt(row.result.cycleP99, 1)} ms`,
          mb(row.rss),
          formatCpuSplit(row.cpu),
          formatCpuPerRollout(row.cpu, row.result.rolloutsPerSecond),
          withVerdict(targetOf(row, single), databaseTargetMet(row, memory, single)),
        ];
      }),
    ),
  );
}

/** The memory row of the in-memory server (skipped with `--skip-baselines`). */
async function memoryRows(): Promise<void> {
  process.stderr.write('memory row (memory, 2,000 rollouts of 10 spans)...\n');
  const memory = await withServers(
    1,
    ([server]) =>
      memoryRow(
        (server as ServerChild).endpoint,
        new URL('/memory', (server as ServerChild).ceiling).href,
      ),
    'memory',
  );
  console.log(
    '\n### Memory of the in-memory server (2,000 rollouts of 10 spans, growth since start-up after full collections)\n',
  );
  const allowed = (base: number, unit: (n: number) => string) =>
    base > 0 ? `≤ ${unit(base * 1.1)} (today + 10 %)` : '';
  const kb = (bytes: number) => `${fmt(bytes / 1024, 2)} kB`;
  console.log(
    table(
      ['measure', 'value', 'target'],
      [
        [
          `server RSS growth per 1,000 stored spans (${fmt(memory.spans)} spans)`,
          mb(memory.rssPer1000Spans),
          allowed(MEMORY_BASELINE.rssPer1000Spans, mb),
        ],
        [
          `heap per rollout beyond the span text (${fmt(memory.rollouts)} rollouts)`,
          kb(memory.heapPerRollout),
          allowed(MEMORY_BASELINE.heapPerRollout, kb),
        ],
      ],
    ),
  );
}

await main();
