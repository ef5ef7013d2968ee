/**
 * The HTTP benchmark: a store server in its own process, load from this one.
 * Prints two Markdown tables: single requests as a ratio of a bare hono JSON
 * route (the ceiling), and a runner-shaped workload. Prints; never asserts.
 *
 * Usage (from the repository root):
 *   pnpm bench:http                                    # in-memory backend
 *   pnpm bench:http -- --backend postgres [--database-url URL] [--servers 2]
 */
import { parseArgs } from 'node:util';
import { type ServerChild, startServerChild } from './child';
import { requestRows } from './requests';
import { runnerWorkload, type WorkloadResult } from './runner-workload';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'memory' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    servers: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    runners: { type: 'string', default: '8' },
  },
});
const backend = values.backend;
const serverCount = Number(values.servers);
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
async function startServers(count: number): Promise<ServerChild[]> {
  const partition = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const args = backend === 'memory' ? ['memory'] : [backend, values['database-url'], partition];
  const servers: ServerChild[] = [];
  for (let i = 0; i < count; i++) servers.push(await startServerChild(args));
  return servers;
}

/** Runs `body` against fresh servers and stops them afterwards. */
async function withServers<T>(
  count: number,
  body: (servers: ServerChild[]) => Promise<T>,
): Promise<T> {
  const servers = await startServers(count);
  try {
    return await body(servers);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function main(): Promise<void> {
  const label = `${backend}, ${serverCount} server process${serverCount > 1 ? 'es' : ''}`;
  process.stderr.write(
    `single requests (${backend}, ${concurrency} in flight, ${seconds} s each)...\n`,
  );
  const requests = await withServers(1, ([first]) =>
    requestRows(
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
        row.name.startsWith('GET /v1/agl/rollouts') ? '≥ 0.70' : '',
      ]),
    ),
  );

  // Each workload on fresh servers, so earlier rows' data does not weigh on it.
  const results: [string, WorkloadResult, number][] = [];
  for (const batched of [true, false]) {
    process.stderr.write(`runner workload (${label}, ${batched ? 'batched' : 'unbatched'})...\n`);
    const [result, rss] = await withServers(serverCount, async (servers) => {
      const run = await runnerWorkload({
        endpoints: servers.map((s) => s.endpoint),
        runners,
        spansPerRollout: 10,
        batched,
        seconds,
      });
      return [run, servers.reduce((sum, s) => sum + s.rss(), 0)] as const;
    });
    results.push([
      batched ? 'batched (POST /spans/batch)' : 'unbatched (POST /spans × 10)',
      result,
      rss,
    ]);
  }
  console.log(
    `\n### Runner-shaped workload (${label}, ${runners} runners, 10 spans with 5 kB of attributes each per rollout)\n`,
  );
  console.log(
    table(
      ['span writes', 'rollouts/s', 'spans/s', 'cycle p50', 'cycle p99', 'server RSS', 'target'],
      results.map(([name, r, rss]) => [
        name,
        fmt(r.rolloutsPerSecond),
        fmt(r.spansPerSecond),
        `${fmt(r.cycleP50, 1)} ms`,
        `${fmt(r.cycleP99, 1)} ms`,
        mb(rss),
        '≥ 1,000 rollouts/s',
      ]),
    ),
  );
  console.log(`\nNode ${process.version}, ${new Date().toISOString()}`);
}

await main();
