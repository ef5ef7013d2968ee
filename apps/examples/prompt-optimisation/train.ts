/**
 * Wires the demo into a `Trainer`: the agent, the greedy search, the seed
 * prompt and the datasets. `main.ts` (the demo command) and the distributed
 * example both call `trainPrompt`.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { type ProgressReporter, PromptTemplate, type StrategySpec, Trainer } from '@agl/trainer';
import { arithmeticAgent } from './agent';
import { greedyPromptSearch, type Round, type SearchResult } from './algorithm';
import { TRAIN_TASKS, VAL_TASKS } from './tasks';

/** The prompt the search starts from (it scores 0: it names no numbers). */
const SEED_PROMPT = 'Please solve the task.';

/**
 * Runner settings of the demo: poll the queue every 50 ms instead of the
 * default 5 s, because each round enqueues a new batch the moment the last
 * one finishes.
 */
export const DEMO_RUNNER = {
  type: 'LitAgentRunner',
  poll_interval: 0.05,
  interval_jitter: 0.02,
} as const;

/** Options of `trainPrompt`. */
export interface TrainPromptOptions {
  /** Execution strategy spec (default: shared memory, algorithm on the main task). */
  strategy?: StrategySpec;
  /** Runners (default 3). */
  nRunners?: number;
  /** The store (default: a fresh in-memory store). */
  store?: LightningStore;
  /** Live progress: `true` (default), `false`, or a reporter. */
  progress?: boolean | ProgressReporter;
  /** Called with each round as soon as it is scored. */
  onRound?: (round: Round) => void;
}

/**
 * Runs the search to the end.
 *
 * @param options - strategy, runners, store, progress
 * @returns the search result, or `null` in a process that ran only runners
 */
export async function trainPrompt(options: TrainPromptOptions = {}): Promise<SearchResult | null> {
  let result: SearchResult | null = null;
  const trainer = new Trainer({
    algorithm: greedyPromptSearch({
      onResult: (r) => {
        result = r;
      },
      ...(options.onRound ? { onRound: options.onRound } : {}),
    }),
    strategy: options.strategy ?? { type: 'shm', main_thread: 'algorithm' },
    nRunners: options.nRunners ?? 3,
    runner: DEMO_RUNNER,
    initialResources: { prompt_template: new PromptTemplate(SEED_PROMPT, 'f-string') },
    progress: options.progress ?? true,
    ...(options.store ? { store: options.store } : {}),
  });
  await trainer.fit(arithmeticAgent, TRAIN_TASKS, { valDataset: VAL_TASKS });
  return result;
}
