/**
 * The main demo: `pnpm demo` (or `tsx apo-number-lab/main.ts`). APO trains
 * the number-lab prompt; every round prints one progress line, and the end
 * prints the table of scores per round and the best prompt.
 *
 *   --strategy shm|cs   shared memory (default) or client-server (runner processes over HTTP)
 *   --runners N         number of runners (default 2)
 *   --seed N            seed of APO's random choices (default 7)
 *   --rounds N          beam rounds (default 2)
 *   --history FILE      also write the full history (every candidate, score, parent, critique) as JSON
 *
 * Set OPENAI_BASE_URL and OPENAI_API_KEY (and APO_GRADIENT_MODEL /
 * APO_EDIT_MODEL) to let a real model write the critiques and edits.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { formatHistoryTable, formatRoundLine } from '@agl/algorithm-apo';
import { childRole, setLogLevel } from '@agl/trainer';
import { trainNumberLab } from './train';

const { values } = parseArgs({
  options: {
    strategy: { type: 'string', default: 'shm' },
    runners: { type: 'string', default: '2' },
    seed: { type: 'string', default: '7' },
    rounds: { type: 'string', default: '2' },
    history: { type: 'string' },
  },
});
const int = (name: 'runners' | 'seed' | 'rounds', min: number): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer >= ${min}, got ${values[name]}`);
    process.exit(2);
  }
  return n;
};
const nRunners = int('runners', 1);
const seed = int('seed', 0);
const beamRounds = int('rounds', 0);
if (values.strategy !== 'shm' && values.strategy !== 'cs') {
  console.error(`--strategy must be shm or cs, got ${values.strategy}`);
  process.exit(2);
}

// The runners' own lines (one per 10 rollouts) would drown the rounds; AGL_LOG_LEVEL=info shows them.
if (!process.env.AGL_LOG_LEVEL) setLogLevel('warn');
const main = childRole() === null;
if (main) {
  const critic = process.env.OPENAI_BASE_URL
    ? `critic and editor at ${process.env.OPENAI_BASE_URL}`
    : 'critic, editor and agent on a local fake LLM server';
  console.log(
    `APO on the number lab: ${nRunners} runners, strategy ${values.strategy}, seed ${seed}, ${critic}`,
  );
}
const result = await trainNumberLab({
  strategy: values.strategy === 'shm' ? { type: 'shm', main_thread: 'algorithm' } : { type: 'cs' },
  nRunners,
  seed,
  beamRounds,
  onRound: (entry) => console.log(formatRoundLine(entry, beamRounds)),
  ...(values.history ? { historyPath: values.history } : {}),
});
if (result) {
  console.log(`\n${formatHistoryTable(result.history)}\n`);
  console.log(`score history: ${result.history.map((h) => h.bestScore.toFixed(2)).join(' -> ')}`);
  console.log(
    `best prompt ${result.bestVersion} (validation score ${result.bestScore.toFixed(2)}):`,
  );
  console.log(`  ${result.bestPrompt.template}`);
  if (values.history) console.log(`history written to ${values.history}`);
}
