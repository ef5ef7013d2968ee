import type { Logger } from '@agl/store-core';
import type { TracerTraceToTriplet } from '@agl/trainer';
import type { LegacyRolloutAgent } from '../agent';
import type { LegacyAgentRunner } from '../runner';
import type { LegacyAlgorithm } from './backend';

/** What `fitV0` returns. */
export interface FitV0Result {
  /** Results posted by each worker, by worker id. */
  processed: number[];
}

/**
 * The exporter a worker uses: a copy restricted to the agent's deprecated
 * `trainedAgents` (as `agentMatch`) when that is set, else the exporter itself.
 * The copy keeps the exporter's class; the original is not modified.
 *
 * @param agent - the agent
 * @param exporter - the configured exporter
 */
export function exporterFor(
  agent: LegacyRolloutAgent,
  exporter: TracerTraceToTriplet,
): TracerTraceToTriplet {
  const trained = (agent as { trainedAgents?: unknown }).trainedAgents;
  if (typeof trained !== 'string' || trained === '') return exporter;
  const copy = Object.create(Object.getPrototypeOf(exporter)) as TracerTraceToTriplet;
  return Object.assign(copy, exporter, { options: { ...exporter.options, agentMatch: trained } });
}

/**
 * Runs several worker loops concurrently (one per configured worker). A
 * configured algorithm runs alongside; when it returns or throws, the loops
 * are stopped (each finishes its current task) and awaited.
 *
 * @param runners - one runner per worker
 * @param algorithm - the algorithm, or `null` (then the loops end by themselves or by `outer`)
 * @param datasets - what the algorithm's `run` receives
 * @param outer - the caller's stop signal
 * @param logger - where worker failures are logged
 * @returns results per worker
 * @throws the algorithm's error; else the worker error (an `AggregateError` for several)
 */
export async function runWorkers<T>(
  runners: readonly LegacyAgentRunner[],
  algorithm: LegacyAlgorithm<T> | null,
  datasets: Parameters<LegacyAlgorithm<T>['run']>[0],
  outer: AbortSignal | undefined,
  logger: Logger,
): Promise<FitV0Result> {
  const stop = new AbortController();
  const signal = outer ? AbortSignal.any([outer, stop.signal]) : stop.signal;
  const loops = runners.map((runner, id) =>
    runner
      .lifespan((r) => r.iter({ signal }))
      .catch((error: unknown) => {
        logger.error(`AgentLightning-Worker-${id} failed: ${String(error)}`);
        throw error;
      }),
  );
  let algorithmError: { error: unknown } | null = null;
  if (algorithm) {
    try {
      await algorithm.run(datasets);
    } catch (error) {
      algorithmError = { error };
    } finally {
      stop.abort();
    }
  }
  const outcomes = await Promise.allSettled(loops);
  if (algorithmError) throw algorithmError.error;
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, 'Several legacy workers failed.');
  return { processed: outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 0)) };
}
