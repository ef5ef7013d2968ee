/**
 * Scores prompt templates through the store, the only channel between the
 * algorithm and the runners: one resources version per template, one `val`
 * rollout per task and version, then the final reward of each rollout.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { findFinalReward, PromptTemplate } from '@agl/trainer';

/** How long one evaluation may take before the algorithm gives up (seconds). */
const EVALUATION_TIMEOUT_SECONDS = 120;

/**
 * Publishes each template as a resources version, runs every task against
 * every version, and returns the mean reward per template (a missing reward
 * counts as 0).
 *
 * @param store - the store (in memory or over HTTP)
 * @param templates - the templates to score, each with its version id
 * @param tasks - the validation tasks
 * @returns mean rewards, in the order of `templates`
 * @throws Error when the rollouts do not finish within the timeout
 */
export async function scoreTemplates(
  store: LightningStore,
  templates: readonly { version: string; template: string }[],
  tasks: readonly unknown[],
): Promise<number[]> {
  const requests = [];
  for (const { version, template } of templates) {
    await store.updateResources(version, {
      prompt_template: new PromptTemplate(template).toJSON(),
    });
    for (const input of tasks) requests.push({ input, mode: 'val' as const, resourcesId: version });
  }
  const queued = await store.enqueueManyRollouts(requests);
  const ids = queued.map((r) => r.rollout_id);
  const finished = await store.waitForRollouts(ids, { timeoutSeconds: EVALUATION_TIMEOUT_SECONDS });
  if (finished.length < ids.length) {
    throw new Error(
      `Only ${finished.length} of ${ids.length} rollouts finished within ${EVALUATION_TIMEOUT_SECONDS} s; are runners connected to the store?`,
    );
  }
  const totals = new Map<string, number>();
  for (const rollout of finished) {
    const reward = findFinalReward((await store.querySpans(rollout.rollout_id)).items) ?? 0;
    const version = rollout.resources_id ?? '';
    totals.set(version, (totals.get(version) ?? 0) + reward);
  }
  return templates.map(({ version }) => (totals.get(version) ?? 0) / tasks.length);
}
