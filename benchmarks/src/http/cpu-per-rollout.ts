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
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runnerWorkload } from './runner-workload';

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
const here = fileURLToPath(new URL('../../..', import.meta.url));
const variants: [name: string, tree: string, backend: string][] = [
  ['do-nothing', here, 'null'],
  ...(values.trees ?? '').split(',').map((entry): [string, string, string] => {
    const [name = entry, tree = entry] = entry.split('=');
    return [name, resolve(tree), 'memory'];
  }),
];
const seconds = Number(values.seconds);

/** CPU time of a process in ms (utime + stime, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measure(tree: string, backend: string, batched: boolean) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, `${tree}/benchmarks/src/http/server-child.ts`, backend],
    { cwd: `${tree}/benchmarks`, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const { endpoint } = JSON.parse(await new Promise<string>((r) => lines.once('line', r)));
  const pid = child.pid as number;
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
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
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
    for (const [name, tree, backend] of variants) {
      const r = await measure(tree, backend, batched);
      console.log(
        `${mode}, round ${round + 1}, ${name}: ${r.rps.toFixed(0)} rollouts/s, server ${r.server.toFixed(2)} ms CPU per rollout, load generator ${r.client.toFixed(2)} ms, load average ${(loadavg()[0] ?? 0).toFixed(2)}`,
      );
    }
}
