/**
 * CPU per rollout of the PostgreSQL store alone (no HTTP), for a FIXED amount
 * of work, so the figures do not follow the machine's load the way a timed
 * run's do: 32 workers in this process claim `--rollouts` queued rollouts
 * (dequeue under an idempotency key, as the TypeScript client sends it), store
 * 10 spans each (one keyed batch, or ten keyed single calls) and mark the
 * attempt succeeded. Prints the database's CPU (its backends and background
 * processes, from `/proc`) and this process's CPU per finished rollout.
 * Prints; never asserts.
 *
 * Usage (from `benchmarks/`):
 *   pnpm bench:pg:cpu --database-url postgres://user@host:5432/db [--rollouts 1000] [--batching unbatched]
 * With `AGL_BENCH_SQL_STATS=1` it also prints the statements sent per rollout.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runWithIdempotencyKey } from '@agl/store-core/backend';
import { createPgClient, PostgresLightningStore } from '@agl/store-postgres';
import { databaseName, startCpuSplit } from './cpu-split';
import { spanFor } from './runner-workload';
import { countingClient, printSqlStats, resetSqlStats } from './sql-stats';

const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const { values } = parseArgs({
  args,
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    rollouts: { type: 'string', default: '1000' },
    batching: { type: 'string', default: 'batched' },
  },
});
const url = values['database-url'];
const batched = values.batching !== 'unbatched';
const total = Number(values.rollouts);
const WORKERS = 32;

// AGL_BENCH_SQL_STATS=1 counts the statements of the measured work (see `sql-stats.ts`).
const counting = Boolean(process.env.AGL_BENCH_SQL_STATS);
const client = createPgClient({ databaseUrl: url });
const store = await PostgresLightningStore.open({
  client: counting ? countingClient(client) : client,
  partition: `store-cpu-${Date.now().toString(36)}`,
  ownsClient: true,
});
for (let i = 0; i < total; i += 500) {
  const count = Math.min(500, total - i);
  await store.enqueueManyRollouts(Array.from({ length: count }, (_, j) => ({ input: { j } })));
}
resetSqlStats();
const keyed = <T>(fn: () => Promise<T>) => runWithIdempotencyKey(randomUUID(), 3600, fn);
const started = performance.now();
const split = startCpuSplit({ serverPids: [], database: databaseName(url) });
let finished = 0;
await Promise.all(
  Array.from({ length: WORKERS }, async (_, w) => {
    for (;;) {
      const rollout = await keyed(() => store.dequeueRollout({ workerId: `w${w}` }));
      if (!rollout) return;
      const { rollout_id, attempt } = rollout;
      const spans = Array.from({ length: 10 }, (_, i) =>
        spanFor(rollout_id, attempt.attempt_id, i + 1),
      );
      if (batched) await keyed(() => store.addManySpans(spans));
      else for (const span of spans) await keyed(() => store.addSpan(span));
      await store.updateAttempt(rollout_id, attempt.attempt_id, { status: 'succeeded' });
      finished++;
    }
  }),
);
const cpu = split.stop();
const seconds = (performance.now() - started) / 1000;
const perRollout = (cores: number) => `${(((cores * seconds) / finished) * 1000).toFixed(2)} ms`;
console.log(
  `${batched ? 'batched' : 'unbatched'}: ${finished} rollouts in ${seconds.toFixed(1)} s; CPU per rollout: database ${perRollout(cpu?.database ?? 0)}, store process ${perRollout(cpu?.load ?? 0)}; other ${(cpu?.other ?? 0).toFixed(2)} cores, load average ${(loadavg()[0] ?? 0).toFixed(2)}`,
);
if (counting) printSqlStats(finished);
await store.close();
