import type { Logger } from '@agl/store-core';
import { setLogLevel, TraceToMessages, toWireResources } from '@agl/trainer';
import { afterAll, beforeAll } from 'vitest';
import { APO, type APOOptions } from '../src/index';
import {
  createFakeApoLlm,
  type FakeApoLlmOptions,
  FakeApoStore,
  type FakeApoStoreOptions,
  labSeedResources,
  TRAIN_TASKS,
  VAL_TASKS,
} from '../src/testing/index';

/** A logger that keeps every line as `LEVEL message`. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
  };
  return { lines, debug: at('DEBUG'), info: at('INFO'), warn: at('WARN'), error: at('ERROR') };
}

/** The common scenario configuration. */
export function scenarioOptions(seed = 0): APOOptions {
  return {
    gradientModel: 'fake-critic',
    applyEditModel: 'fake-editor',
    beamWidth: 2,
    branchFactor: 2,
    beamRounds: 2,
    gradientBatchSize: 2,
    valBatchSize: 4,
    runInitialValidation: true,
    rolloutBatchTimeoutSeconds: 60,
    pollIntervalSeconds: 0.01,
    seed,
  };
}

/** An APO wired to an auto-running fake store and an in-process fake LLM. */
export function scenario(
  options: {
    apo?: APOOptions;
    llm?: FakeApoLlmOptions & { throwOn?: number[] };
    store?: FakeApoStoreOptions;
    seed?: number;
  } = {},
) {
  const llm = createFakeApoLlm(options.llm);
  const store = new FakeApoStore({ autoRun: true, ...options.store });
  const logger = recordingLogger();
  const apo = new APO({
    ...scenarioOptions(options.seed),
    client: llm.client,
    logger,
    retry: { sleep: async () => {} },
    ...options.apo,
  });
  apo.setStore(store.asStore());
  apo.setAdapter(new TraceToMessages());
  apo.setInitialResources(toWireResources(labSeedResources()));
  const run = () => apo.run({ trainDataset: TRAIN_TASKS, valDataset: VAL_TASKS });
  return { apo, llm, store, logger, run };
}

/** Keeps the runners' progress lines out of a test file's output (they are not what it reads). */
export function quietTrainerLogs(): void {
  let previous: ReturnType<typeof setLogLevel>;
  beforeAll(() => {
    previous = setLogLevel('warn');
  });
  afterAll(() => {
    setLogLevel(previous);
  });
}
