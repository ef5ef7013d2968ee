/**
 * Wires the temperature demo into a `Trainer` (shared memory, two runners).
 * `main.ts` and the test call `tuneTemperature`.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { type ProgressReporter, Trainer } from '@agl/trainer';
import { additionAgent } from './agent';
import {
  type EndpointSettings,
  type TemperatureResult,
  type TemperatureScore,
  temperatureSearch,
} from './algorithm';
import { VAL_TASKS } from './tasks';

/** Options of `tuneTemperature`. */
export interface TuneTemperatureOptions {
  /** Where the published `LLM` resources point. */
  endpoint: EndpointSettings;
  /** The store (default: a fresh in-memory store). */
  store?: LightningStore;
  /** Live progress: `true` (default), `false`, or a reporter. */
  progress?: boolean | ProgressReporter;
  /** Receives each temperature's score as soon as it is known. */
  onScore?: (score: TemperatureScore) => void;
}

/**
 * Runs the search to the end.
 *
 * @param options - endpoint, store, progress
 * @throws Error when the algorithm ends without a result
 */
export async function tuneTemperature(options: TuneTemperatureOptions): Promise<TemperatureResult> {
  let result: TemperatureResult | null = null;
  const trainer = new Trainer({
    algorithm: temperatureSearch(
      options.endpoint,
      (r) => {
        result = r;
      },
      options.onScore,
    ),
    strategy: { type: 'shm', main_thread: 'algorithm' },
    nRunners: 2,
    runner: { type: 'LitAgentRunner', poll_interval: 0.05, interval_jitter: 0.02 },
    progress: options.progress ?? true,
    ...(options.store ? { store: options.store } : {}),
  });
  await trainer.fit(additionAgent, [], { valDataset: VAL_TASKS });
  if (result === null) throw new Error('The temperature search ended without a result.');
  return result;
}
