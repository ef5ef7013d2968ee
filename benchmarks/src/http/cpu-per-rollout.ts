/**
 * CPU time per rollout of the runner workload, for comparing server versions
 * on a busy machine: throughput there follows the other engineers' load, CPU
 * time per finished rollout much less. Runs the do-nothing server and the
 * in-memory server of each given checkout in turn, `--rounds` times, and
 * prints per run the rollouts/s, the server process's CPU time per rollout
 * (user + system, from /proc, over the measured window) and this process's
 * (the load generator's). Prints; never asserts.
 *
 * Usage (from `benchmarks/`):
 *   pnpm bench:http:cpu --trees before=/path/to/other/checkout,after=.. [--rounds 2] [--seconds 4]
 *
 * A tree is the root of a checkout of this repository with its dependencies
 * installed; its own `benchmarks/src/http/server-child.ts` is started.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { processCpuMs } from '../proc';
import { startServerChild } from './child';
import { runnerWorkload } from './runner-workload';
import { treeVariants } from './trees';

const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const { values } = parseArgs({
  args,
  options: {
    trees: { type: 'string', default: 'current=..' },
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '4' },
    runners: { type: 'string', default: '32' },
  },
});
const variants = treeVariants(values.trees ?? '');
const seconds = Number(values.seconds);

/** CPU time of a process in ms (user + system). */
function cpuMs(pid: number): number {
  const { user, system } = processCpuMs(pid);
  return user + system;
}

async function measure(tree: string, backend: string, batched: boolean) {
  const server = await startServerChild([backend], tree);
  const { endpoint, pid } = server;
  const marks: { server: number; client: number }[] = [];
  const mark = () => {
    const usage = process.cpuUsage();
    marks.push({ server: cpuMs(pid), client: (usage.user + usage.system) / 1000 });
  };
  // The workload warms up for one second, then measures for `seconds`.
  const timers = [setTimeout(mark, 1000), setTimeout(mark, 1000 + seconds * 1000)];
  const result = await runnerWorkload({
    endpoints: [endpoint],
    runners: Number(values.runners),
    spansPerRollout: 10,
    batched,
    seconds,
  });
  for (const timer of timers) clearTimeout(timer);
  await server.stop();
  const [start, end] = marks;
  const rollouts = Math.max(1, result.rolloutsPerSecond * seconds);
  return {
    rps: result.rolloutsPerSecond,
    server: start && end ? (end.server - start.server) / rollouts : Number.NaN,
    client: start && end ? (end.client - start.client) / rollouts : Number.NaN,
  };
}

for (const batched of [false, true]) {
  const mode = batched ? 'batched' : 'unbatched';
  for (let round = 0; round < Number(values.rounds); round++)
    for (const { name, tree, backend } of variants) {
      const r = await measure(tree, backend, batched);
      console.log(
        `${mode}, round ${round + 1}, ${name}: ${r.rps.toFixed(0)} rollouts/s, server ${r.server.toFixed(2)} ms CPU per rollout, load generator ${r.client.toFixed(2)} ms, load average ${(loadavg()[0] ?? 0).toFixed(2)}`,
      );
    }
}
