/**
 * Hooks: callbacks around each rollout a runner executes.
 *
 * @module
 */
import type { AttemptedRollout, Span } from '@agl/types';
import type { LitAgent } from '../agent/lit-agent';
import { getLogger } from '../logging';
import type { Tracer } from '../tracer/tracer';

const log = getLogger('agl.hooks');

/** Arguments of `onRolloutStart`. */
export interface RolloutStartArgs {
  /** The agent about to run. */
  agent: LitAgent<unknown>;
  /** The runner executing it. */
  runner: unknown;
  /** The rollout and its attempt. */
  rollout: AttemptedRollout;
}

/** Arguments of `onTraceStart` and `onTraceEnd`. */
export interface TraceHookArgs extends RolloutStartArgs {
  /** The runner's tracer. */
  tracer: Tracer;
}

/** Arguments of `onRolloutEnd`. */
export interface RolloutEndArgs extends RolloutStartArgs {
  /** The spans of the attempt after post-processing (`[]` on failure). */
  spans: Span[];
}

/**
 * Base class of hooks. Override any of the four callbacks; each may be async.
 * The lifecycle methods (`init`, `initWorker`, ...) exist for parity and are
 * never called by the runner.
 */
export class Hook {
  /** Lifecycle no-op (not called by the runner). */
  async init(): Promise<void> {}
  /** Lifecycle no-op (not called by the runner). */
  async initWorker(_workerId: number): Promise<void> {}
  /** Lifecycle no-op (not called by the runner). */
  async run(): Promise<void> {}
  /** Lifecycle no-op (not called by the runner). */
  async teardownWorker(_workerId: number): Promise<void> {}
  /** Lifecycle no-op (not called by the runner). */
  async teardown(): Promise<void> {}
  /** Before the trace context opens. */
  async onRolloutStart(_args: RolloutStartArgs): Promise<void> {}
  /** Just inside the trace context, before the agent runs. */
  async onTraceStart(_args: TraceHookArgs): Promise<void> {}
  /** After the agent returned, still inside the trace context (skipped when the agent throws). */
  async onTraceEnd(_args: TraceHookArgs): Promise<void> {}
  /** After post-processing, before the attempt status update; always called. */
  async onRolloutEnd(_args: RolloutEndArgs): Promise<void> {}
}

/** The four hook callbacks, as a partial object: a `Hook` instance or a plain object. */
export interface HookCallbacks {
  /** See `Hook.onRolloutStart`. */
  onRolloutStart?(args: RolloutStartArgs): unknown;
  /** See `Hook.onTraceStart`. */
  onTraceStart?(args: TraceHookArgs): unknown;
  /** See `Hook.onTraceEnd`. */
  onTraceEnd?(args: TraceHookArgs): unknown;
  /** See `Hook.onRolloutEnd`. */
  onRolloutEnd?(args: RolloutEndArgs): unknown;
}

/** The name of a hook callback. */
export type HookEvent = keyof HookCallbacks;

/**
 * Calls one callback on every hook, sequentially in registration order; an
 * exception is logged and does not stop the others.
 *
 * @param hooks - the hooks
 * @param event - the callback name
 * @param args - its argument object
 */
export async function callHooks<E extends HookEvent>(
  hooks: readonly HookCallbacks[],
  event: E,
  args: Parameters<NonNullable<HookCallbacks[E]>>[0],
): Promise<void> {
  for (const hook of hooks) {
    const callback = hook[event] as ((a: typeof args) => unknown) | undefined;
    if (typeof callback !== 'function') continue;
    try {
      await callback.call(hook, args);
    } catch (error) {
      log.error(`Exception during ${event} hook ${hook.constructor?.name ?? 'hook'}.`, error);
    }
  }
}
