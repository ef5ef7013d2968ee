import { LightningStoreClient } from '@agl/store-client';
import type { Span } from '@agl/types';
import { makeSpan } from '../fixtures';

/**
 * Span bodies are built once and reused with fresh ids: generating ~6 kB of
 * random text per span would make the benchmark measure its own fixtures.
 */
const TEMPLATES = Array.from({ length: 32 }, (_, i) => makeSpan('ro-template', 'at-template', i));
let spanCounter = 0;

/**
 * A span of the workload: one of the templates with fresh ids.
 *
 * @param rolloutId - its rollout
 * @param attemptId - its attempt
 * @param sequenceId - its sequence id
 */
export function spanFor(rolloutId: string, attemptId: string, sequenceId: number): Span {
  spanCounter++;
  const template = TEMPLATES[spanCounter % TEMPLATES.length] as Span;
  const spanId = spanCounter.toString(16).padStart(16, '0');
  const traceId = `${spanId}${spanId}`;
  return {
    ...template,
    rollout_id: rolloutId,
    attempt_id: attemptId,
    sequence_id: sequenceId,
    trace_id: traceId,
    span_id: spanId,
    context: { trace_id: traceId, span_id: spanId, is_remote: false, trace_state: {} },
  };
}

import { percentile } from './load';

/**
 * How often the feeder looks at the queue's length. It used to be every 5 ms,
 * about one count per finished rollout, which cost the counting backend more
 * than the rollout's own dequeue; an algorithm has no reason to look that often.
 */
const FEEDER_POLL_MS = 100;

/** Figures of one runner-shaped workload. */
export interface WorkloadResult {
  /** Rollouts finished (attempt succeeded) per second. */
  readonly rolloutsPerSecond: number;
  /** Spans stored per second. */
  readonly spansPerSecond: number;
  /** Median duration of one runner cycle (dequeue → spans → succeed), ms. */
  readonly cycleP50: number;
  /** 99th percentile of one runner cycle, ms. */
  readonly cycleP99: number;
}

/** Options of the runner-shaped workload. */
export interface WorkloadOptions {
  /** Store server roots; runners are spread over them round-robin, the feeder uses the first. */
  readonly endpoints: readonly string[];
  /** Concurrent runner clients. */
  readonly runners: number;
  /** Spans each runner posts per rollout. */
  readonly spansPerRollout: number;
  /** `true`: one `addManySpans` call per rollout (the batch route); `false`: one request per span. */
  readonly batched: boolean;
  /** Measured duration. */
  readonly seconds: number;
  /** Called when the measured interval starts (`true`) and ends (`false`). */
  readonly onMeasuring?: (measuring: boolean) => void;
}

/**
 * N runner clients each loop dequeue → post spans → update the attempt to
 * succeeded, while an algorithm client keeps the queue full with
 * enqueue-many. Each runner has its own client (its own connections).
 *
 * @param options - endpoint, runners, spans per rollout, batching, duration
 */
export async function runnerWorkload(options: WorkloadOptions): Promise<WorkloadResult> {
  const [feederEndpoint = ''] = options.endpoints;
  const algorithm = new LightningStoreClient(feederEndpoint, { logger: null });
  let done = false;
  let measuring = false;
  let finished = 0;
  let spans = 0;
  const cycles: number[] = [];

  // The algorithm client refills the queue when it runs below 20 rollouts per runner,
  // looking every FEEDER_POLL_MS: 640 rollouts with 32 runners, far more than the fastest
  // backend takes in that time (200 at 2,000 rollouts/s), so runners never find it empty.
  const feeder = (async () => {
    while (!done) {
      const stats = await algorithm.queryRollouts({ statusIn: ['queuing'], limit: 1 });
      if (stats.total < options.runners * 20) {
        await algorithm.enqueueManyRollouts(
          Array.from({ length: options.runners * 40 }, (_, i) => ({ input: { i } })),
        );
      } else {
        await new Promise((resolve) => setTimeout(resolve, FEEDER_POLL_MS));
      }
    }
  })();

  const runner = async (index: number) => {
    const endpoint = options.endpoints[index % options.endpoints.length] ?? feederEndpoint;
    const client = new LightningStoreClient(endpoint, { logger: null });
    const workerId = `bench-${index}`;
    while (!done) {
      const start = performance.now();
      const rollout = await client.dequeueRollout({ workerId });
      if (rollout === null) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      const { rollout_id } = rollout;
      const { attempt_id } = rollout.attempt;
      const batch: Span[] = Array.from({ length: options.spansPerRollout }, (_, i) =>
        spanFor(rollout_id, attempt_id, i + 1),
      );
      if (options.batched) await client.addManySpans(batch);
      else for (const span of batch) await client.addSpan(span);
      await client.updateAttempt(rollout_id, attempt_id, { status: 'succeeded' });
      if (measuring) {
        finished++;
        spans += batch.length;
        cycles.push(performance.now() - start);
      }
    }
    await client.close();
  };

  const runners = Array.from({ length: options.runners }, (_, i) => runner(i));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  measuring = true;
  options.onMeasuring?.(true);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  measuring = false;
  options.onMeasuring?.(false);
  const elapsed = (performance.now() - started) / 1000;
  done = true;
  await Promise.all([...runners, feeder]);
  await algorithm.close();
  cycles.sort((a, b) => a - b);
  return {
    rolloutsPerSecond: finished / elapsed,
    spansPerSecond: spans / elapsed,
    cycleP50: percentile(cycles, 0.5),
    cycleP99: percentile(cycles, 0.99),
  };
}
