/**
 * The demo command: `pnpm demo` (or `tsx prompt-optimisation/main.ts`).
 *
 *   --strategy shm|cs   shared memory (default) or client-server (runner processes over HTTP)
 *   --runners N         number of runners (default 3)
 *
 * With `cs`, runner processes re-execute this script; only the main process
 * gets past `trainPrompt` and prints the report.
 *
 * @module
 */
import { childRole, type StrategySpec, setLogLevel } from '@agl/trainer';
import { parseFlags } from '../shared/args';
import { formatReport, formatRound } from './report';
import { VAL_TASKS } from './tasks';
import { trainPrompt } from './train';

const values = parseFlags({ strategy: 'shm', runners: '3' });
const nRunners = Number(values.runners);
if (!Number.isInteger(nRunners) || nRunners < 1) {
  console.error(`--runners must be a positive integer, got ${values.runners}`);
  process.exit(2);
}
if (values.strategy !== 'shm' && values.strategy !== 'cs') {
  console.error(`--strategy must be shm or cs, got ${values.strategy}`);
  process.exit(2);
}

// Quieter than the default `info` (one line per 10 rollouts per runner) unless asked for.
if (!process.env.AGL_LOG_LEVEL) setLogLevel('warn');
if (childRole() === null)
  console.log(`Prompt optimisation: ${nRunners} runners, strategy ${values.strategy}`);
const strategy: StrategySpec =
  values.strategy === 'shm' ? { type: 'shm', main_thread: 'algorithm' } : { type: 'cs' };
const result = await trainPrompt({
  strategy,
  nRunners,
  onRound: (r) => console.log(formatRound(r)),
});
if (result) console.log(`\n${formatReport(result, VAL_TASKS[0])}`);
