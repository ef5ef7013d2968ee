/**
 * Wires the APO demo into a `Trainer`: the number-lab agent, APO as the
 * algorithm, the seed prompt and the datasets. Offline, the agent and APO's
 * critic and editor all talk to a local fake LLM server; with
 * `OPENAI_BASE_URL` set, the critic and editor talk to that endpoint instead
 * (the agent stays on the local lab model, so the task stays checkable).
 *
 * @module
 */
import {
  APO,
  type ApoHistoryEntry,
  type ApoResult,
  type ChatCompletionsClient,
} from '@agl/algorithm-apo';
import {
  createNumberLabAgent,
  type FakeApoLlmServer,
  labSeedResources,
  startFakeApoLlmServer,
  TRAIN_TASKS,
  VAL_TASKS,
} from '@agl/algorithm-apo/testing';
import {
  createConsoleLogger,
  type LightningStore,
  type Logger,
  logLevelFromEnv,
} from '@agl/store-core';
import { childRole, type ProgressReporter, type StrategySpec, Trainer } from '@agl/trainer';
import OpenAI from 'openai';

/** Where runner processes find the lab model server started by the main process. */
export const LAB_URL_ENV = 'APO_DEMO_LAB_URL';

/** Runner settings of the demo: poll every 50 ms, since each batch is short. */
export const DEMO_RUNNER = {
  type: 'LitAgentRunner',
  poll_interval: 0.05,
  interval_jitter: 0.02,
} as const;

/** Options of `trainNumberLab`. */
export interface TrainNumberLabOptions {
  /** Execution strategy (default: shared memory, algorithm on the main task). */
  strategy?: StrategySpec;
  /** Runners (default 2). */
  nRunners?: number;
  /** Seed of APO's random choices (default 7). */
  seed?: number;
  /** Beam rounds (default 2). */
  beamRounds?: number;
  /** The store (default: a fresh in-memory store). */
  store?: LightningStore;
  /** Live progress of the trainer: `true` (default), `false`, or a reporter. */
  progress?: boolean | ProgressReporter;
  /** Called after each round with its history entry. */
  onRound?: (entry: ApoHistoryEntry) => void;
  /** Write the history JSON here at the end. */
  historyPath?: string;
  /** APO's log sink (default: console at `AGL_LOG_LEVEL`, else `warn`). */
  logger?: Logger;
  /** The environment (default `process.env`); `OPENAI_BASE_URL` switches the critic to a real endpoint. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Which models criticise and edit, and through which client. */
function critic(env: TrainNumberLabOptions['env'], lab: string) {
  if (env?.OPENAI_BASE_URL) {
    return {
      client: new OpenAI({
        baseURL: env.OPENAI_BASE_URL,
        apiKey: env.OPENAI_API_KEY,
        maxRetries: 0,
      }) as ChatCompletionsClient,
      gradientModel: env.APO_GRADIENT_MODEL ?? 'gpt-5-mini',
      applyEditModel: env.APO_EDIT_MODEL ?? 'gpt-4.1-mini',
      real: true,
    };
  }
  const client = new OpenAI({ baseURL: lab, apiKey: 'offline', maxRetries: 0 });
  return { client, gradientModel: 'fake-critic', applyEditModel: 'fake-editor', real: false };
}

/**
 * Runs APO on the number lab to the end.
 *
 * @param options - strategy, runners, seed, progress
 * @returns APO's result and whether a real endpoint criticised, or `null` in a runner process
 */
export async function trainNumberLab(
  options: TrainNumberLabOptions = {},
): Promise<(ApoResult & { realCritic: boolean }) | null> {
  const env = options.env ?? process.env;
  let server: FakeApoLlmServer | null = null;
  if (childRole() === null) {
    server = await startFakeApoLlmServer();
    process.env[LAB_URL_ENV] = server.baseUrl; // inherited by runner processes (client-server)
  }
  try {
    const lab = process.env[LAB_URL_ENV] ?? '';
    const agentClient = new OpenAI({ baseURL: lab, apiKey: 'offline', maxRetries: 0 });
    const { real, ...models } = critic(env, lab);
    const apo = new APO({
      ...models,
      beamWidth: 2,
      branchFactor: 2,
      beamRounds: options.beamRounds ?? 2,
      gradientBatchSize: 2,
      valBatchSize: 4,
      rolloutBatchTimeoutSeconds: 120,
      pollIntervalSeconds: 0.05,
      seed: options.seed ?? 7,
      logger:
        options.logger ??
        createConsoleLogger({
          name: 'agl.algorithm.apo',
          level: logLevelFromEnv(process.env, 'warn'),
        }),
      ...(options.onRound ? { onRound: options.onRound } : {}),
      ...(options.historyPath ? { historyPath: options.historyPath } : {}),
    });
    const trainer = new Trainer({
      algorithm: apo,
      adapter: 'TraceToMessages',
      strategy: options.strategy ?? { type: 'shm', main_thread: 'algorithm' },
      nRunners: options.nRunners ?? 2,
      runner: DEMO_RUNNER,
      initialResources: labSeedResources(),
      progress: options.progress ?? true,
      ...(options.store ? { store: options.store } : {}),
    });
    await trainer.fit(createNumberLabAgent({ client: agentClient }), TRAIN_TASKS, {
      valDataset: VAL_TASKS,
    });
    return childRole() === null ? { ...apo.result(), realCritic: real } : null;
  } finally {
    await server?.close();
  }
}
