import type { Logger } from '@agl/store-core';
import { hydrateResources, type Tracer } from '@agl/trainer';
import type { LegacyTaskClient } from '../client/task-client';
import type { LegacyResourcesUpdate } from '../wire/resources';
import type { RolloutLegacy } from '../wire/rollout';
import type { Task } from '../wire/task';
import { invokeLegacyAgent, type LegacyRolloutAgent } from './agent';
import { convertAgentResult, type LegacyTripletExporter } from './convert';

/** What {@link executeLegacyTask} needs from its runner. */
export interface LegacyTaskContext {
  /** The agent. */
  agent: LegacyRolloutAgent;
  /** Where the result is posted. */
  client: LegacyTaskClient;
  /** The tracer the rollout runs under. */
  tracer: Tracer;
  /** Builds triplets from spans. */
  tripletExporter: LegacyTripletExporter;
  /** The runner, passed to the agent's deprecated hooks. */
  runner: unknown;
  /** Where to log. */
  logger: Logger;
  /** Prefix of log lines, e.g. `[Worker 0 | Rollout r1]`. */
  prefix: string;
}

/** Calls a deprecated agent hook; errors are logged, never thrown. */
async function callHook(ctx: LegacyTaskContext, name: string, args: unknown[]): Promise<void> {
  const hook = (ctx.agent as unknown as Record<string, unknown>)[name];
  if (typeof hook !== 'function') return;
  try {
    await (hook as (...a: unknown[]) => unknown).apply(ctx.agent, args);
  } catch (error) {
    ctx.logger.error(`${ctx.prefix} ${name} raised an error (ignored): ${String(error)}`);
  }
}

/**
 * The per-task part of the legacy runner loop, for a task whose resources are known: the
 * `onRolloutStart` hook, the agent inside the trace context
 * `rollout_<rollout_id>`, the conversion of its return value, the
 * `onRolloutEnd` hook and the post. When the hook, the agent or the
 * conversion throws, the error is logged and the draft
 * `{rollout_id, task}` (no reward, triplets or trace) is posted instead.
 *
 * @param ctx - agent, client, tracer, exporter, runner and logger
 * @param task - the task
 * @param snapshot - its resources
 * @returns what was posted
 */
export async function executeLegacyTask(
  ctx: LegacyTaskContext,
  task: Task,
  snapshot: LegacyResourcesUpdate,
): Promise<RolloutLegacy> {
  const draft: RolloutLegacy = {
    rollout_id: task.rollout_id,
    task,
    final_reward: null,
    triplets: null,
    trace: null,
    logs: null,
    metadata: {},
  };
  let result: RolloutLegacy = draft;
  try {
    await callHook(ctx, 'onRolloutStart', [task, ctx.runner, ctx.tracer]);
    const raw = await ctx.tracer.traceContext({ name: `rollout_${task.rollout_id}` }, () =>
      invokeLegacyAgent(ctx.agent, task, hydrateResources(snapshot.resources), draft),
    );
    result = convertAgentResult(raw, {
      rolloutId: task.rollout_id,
      tracer: ctx.tracer,
      tripletExporter: ctx.tripletExporter,
      logger: ctx.logger,
    });
  } catch (error) {
    ctx.logger.error(`${ctx.prefix} Exception during rollout: ${String(error)}`);
  } finally {
    await callHook(ctx, 'onRolloutEnd', [task, result, ctx.runner, ctx.tracer]);
    const answer = await ctx.client.postRollout(result);
    if (answer === null) ctx.logger.warn(`${ctx.prefix} The result could not be delivered.`);
  }
  return result;
}
