import { LightningStoreClient } from '@agl/store-client';
import type { Span } from '@agl/types';
import { spanFor } from './runner-workload';

/** What an in-memory store server holds after a fixed amount of work, and what it costs. */
export interface MemoryResult {
  /** Rollouts stored. */
  readonly rollouts: number;
  /** Spans stored. */
  readonly spans: number;
  /** Growth of the server's resident set per 1,000 stored spans, bytes. */
  readonly rssPer1000Spans: number;
  /** Heap growth per rollout beyond the stored span text (the store's own accounting), bytes. */
  readonly heapPerRollout: number;
}

/** The figures the server child reports on its `/memory` route. */
interface ServerMemory {
  readonly rssGrowth: number;
  readonly heapGrowth: number;
  readonly spanBytes: number;
  readonly rollouts: number;
  readonly spans: number;
}

/** Rollouts of the memory row; each gets 10 spans of about 6 kB. */
const ROLLOUTS = 2_000;
const SPANS_PER_ROLLOUT = 10;
const RUNNERS = 16;

/**
 * The memory row: a fixed amount of work (not a fixed time, so the figures
 * do not depend on the machine's speed): 2,000 rollouts enqueued, each
 * dequeued, given 10 spans in one batch and finished by one of 16 runners;
 * then the server reports its growth since start-up after a full collection.
 *
 * @param endpoint - the store server's root
 * @param memoryUrl - the server child's `/memory` route
 */
export async function memoryRow(endpoint: string, memoryUrl: string): Promise<MemoryResult> {
  const feeder = new LightningStoreClient(endpoint, { logger: null });
  for (let i = 0; i < ROLLOUTS; i += 200)
    await feeder.enqueueManyRollouts(
      Array.from({ length: 200 }, (_, j) => ({ input: { i: i + j } })),
    );
  await feeder.close();
  const runner = async (index: number) => {
    const client = new LightningStoreClient(endpoint, { logger: null });
    for (;;) {
      const rollout = await client.dequeueRollout({ workerId: `memory-${index}` });
      if (rollout === null) break;
      const { rollout_id } = rollout;
      const { attempt_id } = rollout.attempt;
      const batch: Span[] = Array.from({ length: SPANS_PER_ROLLOUT }, (_, i) =>
        spanFor(rollout_id, attempt_id, i + 1),
      );
      await client.addManySpans(batch);
      await client.updateAttempt(rollout_id, attempt_id, { status: 'succeeded' });
    }
    await client.close();
  };
  await Promise.all(Array.from({ length: RUNNERS }, (_, i) => runner(i)));
  const held = (await (await fetch(memoryUrl)).json()) as ServerMemory;
  return {
    rollouts: held.rollouts,
    spans: held.spans,
    rssPer1000Spans: (held.rssGrowth / Math.max(1, held.spans)) * 1000,
    heapPerRollout: (held.heapGrowth - held.spanBytes) / Math.max(1, held.rollouts),
  };
}
