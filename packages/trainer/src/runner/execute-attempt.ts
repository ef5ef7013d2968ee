/**
 * Executes one attempt of a rollout: resources, hooks,
 * trace context, agent call, post-processing and the final attempt status.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InvalidStateError } from '@agl/store-core';
import type { AttemptedRollout, JsonObject, ResourcesUpdate, Span } from '@agl/types';
import type { LitAgent } from '../agent/lit-agent';
import { emitException } from '../emitter';
import { getLogger } from '../logging';
import { hydrateResources } from '../resources/hydrate';
import { findFinalReward } from '../reward';
import { errorTypeName, toError } from '../semconv/exception';
import type { Tracer } from '../tracer/tracer';
import { callHooks, type HookCallbacks } from './hook';
import { postProcessResult } from './post-process';

const log = getLogger('agl.runner');

/** What `executeAttempt` needs from its runner. */
export interface AttemptContext {
  /** The agent. */
  agent: LitAgent<unknown>;
  /** The runner (passed to hooks). */
  runner: unknown;
  /** The tracer. */
  tracer: Tracer;
  /** The store. */
  store: LightningStore;
  /** The hooks. */
  hooks: readonly HookCallbacks[];
  /** The worker id string, for log lines. */
  workerId: string;
}

async function fetchResources(
  store: LightningStore,
  rollout: AttemptedRollout,
): Promise<ResourcesUpdate | null> {
  if (rollout.resources_id) return store.getResourcesById(rollout.resources_id);
  return store.getLatestResources();
}

/** Records the failure as an exception span of the attempt (best effort; the tracer is active here). */
function recordExceptionSpan(error: unknown): void {
  try {
    emitException(toError(error));
  } catch (inner) {
    log.debug('Could not record the exception span.', inner);
  }
}

function failureMetadata(rollout: AttemptedRollout, error: unknown): JsonObject {
  const err = toError(error);
  return {
    ...(rollout.attempt.metadata ?? {}),
    error: { type: errorTypeName(err), message: err.message, stacktrace: err.stack ?? null },
  };
}

/**
 * Executes one attempt.
 *
 * @param rollout - the rollout with its attempt
 * @param ctx - agent, tracer, store and hooks
 * @param raiseOnException - re-throw agent errors after marking the attempt `failed`
 * @returns the rollout id
 * @throws InvalidStateError "Failed to fetch resources" (only with `raiseOnException`); the agent's error (same)
 */
export async function executeAttempt(
  rollout: AttemptedRollout,
  ctx: AttemptContext,
  raiseOnException: boolean,
): Promise<string> {
  const { agent, store, tracer, hooks } = ctx;
  const rolloutId = rollout.rollout_id;
  const attemptId = rollout.attempt.attempt_id;
  const prefix = `[${ctx.workerId} | Rollout ${rolloutId}]`;
  const snapshot = await fetchResources(store, rollout);
  if (!snapshot) {
    const wanted = rollout.resources_id
      ? `no resources '${rollout.resources_id}'`
      : 'no resources at all';
    const message =
      `Rollout ${rolloutId}: the store has ${wanted}, so the attempt is marked failed. ` +
      'Publish resources (store.updateResources / addResources) before enqueueing rollouts.';
    // Leaving the attempt as it is would strand the rollout in `preparing` until a watchdog notices.
    await store
      .updateAttempt(rolloutId, attemptId, {
        status: 'failed',
        metadata: failureMetadata(rollout, new Error(message)),
      })
      .catch((error) => log.error(`${prefix} Failed to update the attempt status.`, error));
    if (raiseOnException) throw new InvalidStateError(message);
    log.error(`${prefix} ${message}`);
    return rolloutId;
  }
  const started = performance.now();
  let spans: Span[] = [];
  let failure: { error: unknown } | null = null;
  try {
    const base = { agent, runner: ctx.runner, rollout };
    await callHooks(hooks, 'onRolloutStart', base);
    const result = await tracer.traceContext(
      { name: rolloutId, rolloutId, attemptId },
      async () => {
        await callHooks(hooks, 'onTraceStart', { ...base, tracer });
        const resources = hydrateResources(snapshot.resources);
        let value: unknown;
        try {
          value = await (rollout.mode === 'train'
            ? agent.trainingRollout(rollout.input, resources, rollout)
            : agent.validationRollout(rollout.input, resources, rollout));
        } catch (error) {
          recordExceptionSpan(error);
          throw error;
        }
        await callHooks(hooks, 'onTraceEnd', { ...base, tracer });
        return value;
      },
    );
    spans = await postProcessResult(result, { store, tracer, rolloutId, attemptId });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    log.debug(
      `${prefix} Completed in ${seconds}s. Collected ${spans.length} span(s). Final reward: ${findFinalReward(spans)}`,
    );
  } catch (error) {
    failure = { error };
    spans = [];
    // One line per failed rollout; the stack is in the attempt's metadata and at debug level.
    log.error(`${prefix} Exception during rollout: ${toError(error).message}`);
    log.debug(`${prefix} Stack of the exception.`, error);
  } finally {
    await callHooks(hooks, 'onRolloutEnd', { agent, runner: ctx.runner, rollout, spans });
    try {
      await store.updateAttempt(
        rolloutId,
        attemptId,
        failure
          ? { status: 'failed', metadata: failureMetadata(rollout, failure.error) }
          : { status: 'succeeded' },
      );
    } catch (error) {
      log.error(`${prefix} Failed to update the attempt status.`, error);
    }
  }
  if (failure && raiseOnException) throw failure.error;
  return rolloutId;
}
