/**
 * Scoring one prompt on a batch of tasks through the store: publish the
 * prompt as a resources snapshot named by its version, enqueue one rollout
 * per task, poll until all are terminal or the deadline passes, then read
 * each rollout's spans, its LLM-call messages and its final reward.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import {
  findFinalReward,
  type ResourceMap,
  type TraceToMessages,
  toWireResources,
} from '@agl/trainer';
import type { NamedResources, Rollout, RolloutMode } from '@agl/types';
import type { RolloutResultForAPO, VersionedPromptTemplate } from './types';

/** What scoring a batch needs. */
export interface BatchContext {
  /** The store. */
  store: LightningStore;
  /** Converts spans to chat records. */
  adapter: TraceToMessages;
  /** Log sink, already prefixed by the caller. */
  log: (level: 'debug' | 'info' | 'warn', message: string) => void;
  /** The initial resources; the snapshot is these with the optimised key replaced. */
  baseResources: NamedResources;
  /** Deadline of the batch. */
  timeoutSeconds: number;
  /** Pause between polls. */
  pollIntervalSeconds: number;
  /** Pauses (injectable for tests). */
  sleep: (seconds: number) => Promise<void>;
}

/** The outcome of one batch. */
export interface BatchOutcome {
  /** One result per finished rollout, in the order of the enqueued ids. */
  results: RolloutResultForAPO[];
  /** Mean final reward over finished rollouts (a missing reward counts 0; no rollout → 0). */
  average: number;
  /** Finished rollouts whose status is `failed` or `cancelled`. */
  failed: number;
  /** Rollouts not finished at the deadline (left in the store, not counted). */
  unfinished: number;
}

/**
 * Reads the spans, messages and final reward of finished rollouts, in order.
 *
 * @param store - the store
 * @param adapter - the `TraceToMessages` adapter
 * @param rollouts - finished rollouts
 * @param log - debug sink
 */
export async function readRolloutResults(
  store: LightningStore,
  adapter: TraceToMessages,
  rollouts: readonly Rollout[],
  log?: BatchContext['log'],
): Promise<RolloutResultForAPO[]> {
  const out: RolloutResultForAPO[] = [];
  for (const rollout of rollouts) {
    // Every attempt's spans: a retried rollout's reward may sit in any of them.
    const spans = (await store.querySpans(rollout.rollout_id)).items;
    const messages = adapter.adapt(spans);
    const finalReward = findFinalReward(spans);
    log?.(
      'debug',
      `Rollout result for ${rollout.rollout_id}: status ${rollout.status} with final reward ${finalReward}. ${spans.length} spans and ${messages.length} messages.`,
    );
    out.push({ status: rollout.status, final_reward: finalReward, spans, messages });
  }
  return out;
}

function countBy(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[item] = (out[item] ?? 0) + 1;
  return out;
}

/**
 * Scores one prompt on a batch.
 *
 * @param ctx - store, adapter, timing
 * @param prompt - the versioned prompt
 * @param resourceName - the key of the prompt in the resources
 * @param tasks - the tasks
 * @param mode - `train` or `val`
 */
export async function evaluateOnBatch(
  ctx: BatchContext,
  prompt: VersionedPromptTemplate,
  resourceName: string,
  tasks: readonly unknown[],
  mode: RolloutMode,
): Promise<BatchOutcome> {
  const { store } = ctx;
  ctx.log(
    'info',
    `Evaluating prompt "${prompt.promptTemplate.template.slice(0, 50)}..." on ${tasks.length} tasks in ${mode} mode`,
  );
  // The other initial resources ride along, so an agent that also reads, say, an LLM keeps working.
  const resources = toWireResources({
    ...ctx.baseResources,
    [resourceName]: prompt.promptTemplate,
  } as ResourceMap);
  const update = await store.updateResources(prompt.version, resources);
  const ids: string[] = [];
  // One awaited call per task, in task order: queue order then equals task order.
  for (const task of tasks) {
    const rollout = await store.enqueueRollout(task, { mode, resourcesId: update.resources_id });
    ids.push(rollout.rollout_id);
  }
  const deadline = Date.now() + ctx.timeoutSeconds * 1000;
  let finished: Rollout[] = [];
  while (Date.now() < deadline) {
    finished = await store.waitForRollouts(ids, { timeoutSeconds: 0 });
    if (finished.length >= ids.length) {
      ctx.log('info', `All ${ids.length} rollouts finished within timeout.`);
      break;
    }
    ctx.log(
      'debug',
      `Only ${finished.length} rollouts finished within timeout. Waiting for remaining ${ids.length - finished.length} rollouts.`,
    );
    await ctx.sleep(ctx.pollIntervalSeconds);
  }
  const unfinished = ids.length - finished.length;
  if (unfinished > 0) {
    ctx.log(
      'warn',
      `${unfinished} of ${ids.length} rollouts did not finish within ${ctx.timeoutSeconds} s; they are left in the store and not scored.`,
    );
  }
  const results = await readRolloutResults(store, ctx.adapter, finished, ctx.log);
  const rewards = results.map((r) => r.final_reward);
  const average = rewards.reduce<number>((s, r) => s + (r ?? 0), 0) / Math.max(1, results.length);
  const failedIds = finished
    .filter((r) => r.status === 'failed' || r.status === 'cancelled')
    .map((r) => r.rollout_id);
  if (failedIds.length > 0) {
    ctx.log(
      'warn',
      `${failedIds.length} of ${finished.length} rollouts failed (scored by their reward if they emitted one, else 0): ${failedIds.join(', ')}`,
    );
  }
  ctx.log(
    'info',
    `Evaluated ${results.length} rollouts. Statuses: ${JSON.stringify(countBy(results.map((r) => r.status)))}. Rewards: ${JSON.stringify(rewards)}, average is ${average}`,
  );
  return { results, average, failed: failedIds.length, unfinished };
}
