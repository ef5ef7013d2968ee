import { InvalidArgumentError, type Logger } from '@agl/store-core';
import { cloneTracer, OtelTracer, type Tracer, TracerTraceToTriplet } from '@agl/trainer';
import { checkCount } from '../../checks';
import { defaultLogger } from '../../default-logger';
import type { LegacyRolloutAgent } from '../agent';
import { LegacyAgentRunner } from '../runner';
import {
  checkDataSource,
  datasetOf,
  type LegacyAlgorithm,
  type LegacyClientSettings,
  type LegacyDataSource,
  resolveBackend,
} from './backend';
import { exporterFor, type FitV0Result, runWorkers } from './workers';

/** The parts of a `Trainer` from `@agl/trainer` that `fitV0` reads. */
export interface FitV0TrainerLike<T = unknown> {
  /** Number of workers. */
  readonly nRunners: number;
  /** Tasks per worker, or `null`. */
  readonly maxRollouts: number | null;
  /** The tracer of worker 0 (the others get clones). */
  readonly tracer: Tracer;
  /** The triplet exporter; must be a `TracerTraceToTriplet`. */
  readonly adapter: unknown;
  /** The algorithm, or `null`. */
  readonly algorithm: LegacyAlgorithm<T> | null;
}

/** Options of {@link fitV0}; explicit options (even `null`) win over those read from `trainer`. */
export interface FitV0Options<T = unknown> {
  /** Validation data: a URL, a client or a dataset (handed to the algorithm). */
  valData?: LegacyDataSource<T> | null;
  /** The backend used when `dev` is true (a URL or a client). */
  devData?: LegacyDataSource<T> | null;
  /** Deprecated alias of `devData`. */
  devBackend?: LegacyDataSource<T> | null;
  /** Deprecated dev flag: take the backend from `devData`. */
  dev?: boolean;
  /** Read `nWorkers`, `maxTasks`, `tracer`, `tripletExporter` and `algorithm` from a `Trainer`. */
  trainer?: FitV0TrainerLike<T>;
  /** Concurrent runner loops (default 1). */
  nWorkers?: number;
  /** Tasks each worker processes; `null` (default) = until stopped. */
  maxTasks?: number | null;
  /** Tracer of worker 0; the others get `cloneTracer(tracer)` (default a new `OtelTracer`). */
  tracer?: Tracer;
  /** Must be a `TracerTraceToTriplet` (default a new one). */
  tripletExporter?: unknown;
  /** The algorithm hook. */
  algorithm?: LegacyAlgorithm<T> | null;
  /** Settings of the `AgentLightningClient` built from a URL (e.g. `pollIntervalSeconds`). */
  clientOptions?: LegacyClientSettings;
  /** Stops every worker (each finishes and posts its current rollout first). */
  signal?: AbortSignal;
  /** Where to log (default: warnings and errors to the console). */
  logger?: Logger;
}

export type { FitV0Result };

/**
 * The legacy trainer entry (the reference's `Trainer.fit_v0`): runs
 * `nWorkers` legacy runner loops as concurrent async tasks against a legacy
 * server URL, a task client (`AgentLightningClient`, `DevTaskLoader`) or the
 * algorithm's `getClient()`.
 *
 * With one worker a configured algorithm only runs after the loop ends, and
 * only when `trainData` is a dataset. With several, the algorithm runs
 * alongside the workers, which are stopped when it returns.
 *
 * @param agent - the agent (a `LitAgent` or any {@link LegacyRolloutAgent})
 * @param trainData - a URL, a client or a dataset
 * @param options - data, workers, tracer, exporter, algorithm, client settings, signal
 * @returns how many results each worker posted
 * @throws InvalidArgumentError for invalid data arguments, options or a missing backend;
 *   the first worker or algorithm error (an `AggregateError` when several workers failed)
 */
export async function fitV0<T = unknown>(
  agent: LegacyRolloutAgent,
  trainData?: LegacyDataSource<T> | null,
  options: FitV0Options<T> = {},
): Promise<FitV0Result> {
  const logger = options.logger ?? defaultLogger();
  const { trainer, devData, devBackend } = options;
  if (devData != null && devBackend != null) {
    throw new InvalidArgumentError('devData and devBackend cannot both be given.');
  }
  if (devBackend != null) logger.warn('devBackend is deprecated; use devData instead.');
  const dev = devData ?? devBackend ?? null;
  for (const [name, value] of [
    ['trainData', trainData],
    ['valData', options.valData],
    ['devData', dev],
  ] as const) {
    checkDataSource(name, value);
  }
  if (dev !== null && !options.dev)
    logger.warn('devData is only used with dev: true; ignoring it.');
  const nWorkers = checkCount('nWorkers', options.nWorkers ?? trainer?.nRunners ?? 1, 1);
  const maxTasks =
    options.maxTasks !== undefined ? options.maxTasks : (trainer?.maxRollouts ?? null);
  if (maxTasks !== null) checkCount('maxTasks', maxTasks, 0);
  const exporter = options.tripletExporter ?? trainer?.adapter ?? new TracerTraceToTriplet();
  if (!(exporter instanceof TracerTraceToTriplet)) {
    throw new InvalidArgumentError('The triplet exporter must be a TracerTraceToTriplet.');
  }
  const algorithm =
    options.algorithm !== undefined ? options.algorithm : (trainer?.algorithm ?? null);
  const client = resolveBackend({
    trainData: trainData ?? null,
    devData: dev,
    dev: options.dev ?? false,
    algorithm,
    clientOptions: options.clientOptions ?? {},
    logger,
  });
  const tracer = options.tracer ?? trainer?.tracer ?? new OtelTracer();
  const runners = Array.from(
    { length: nWorkers },
    (_, id) =>
      new LegacyAgentRunner({
        agent,
        client,
        tracer: id === 0 ? tracer : cloneTracer(tracer),
        tripletExporter: exporterFor(agent, exporter),
        workerId: id,
        maxTasks,
        logger,
      }),
  );
  const datasets = { trainDataset: datasetOf(trainData), valDataset: datasetOf(options.valData) };
  const signal = options.signal;
  if (nWorkers === 1) {
    if (algorithm) logger.warn('With one worker the algorithm only runs after the worker loop.');
    const only = runners[0] as LegacyAgentRunner;
    const processed = await only.lifespan((r) => r.iter(signal ? { signal } : {}));
    if (algorithm && datasets.trainDataset !== null) await algorithm.run(datasets);
    return { processed: [processed] };
  }
  return runWorkers(runners, algorithm, datasets, signal, logger);
}
