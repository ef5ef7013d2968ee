/**
 * The runner bundle: one runner (and tracer) per worker when several
 * workers share this process (the reference shares one, which mixes the
 * spans of concurrent rollouts). The configured runner
 * serves the first worker; further concurrent workers get a fresh runner
 * built from the same spec, with a fresh tracer.
 *
 * @module
 */
import { InvalidArgumentError, type LightningStore } from '@agl/store-core';
import type { LitAgent } from '../agent/lit-agent';
import type { ExecutionEvent } from '../execution/event';
import { getLogger } from '../logging';
import type { HookCallbacks } from '../runner/hook';
import type { Runner } from '../runner/runner';
import type { Tracer } from '../tracer/tracer';
import type { ComponentSpec } from './components';
import { cloneTracer, resolveRunner, resolveTracer } from './resolve';

const log = getLogger('agl.trainer');

/** Hands out runners to workers and runs the runner bundle. */
export class RunnerPool {
  readonly #primary: Runner;
  readonly #runnerSpec: ComponentSpec<Runner>;
  readonly #tracer: Tracer;
  readonly #tracerSpec: ComponentSpec<Tracer>;
  readonly #maxRollouts: number | null;
  #primaryInUse = false;

  /**
   * @param primary - the trainer's runner
   * @param runnerSpec - the spec it was built from
   * @param tracer - the trainer's tracer
   * @param tracerSpec - the spec it was built from
   * @param maxRollouts - the rollout cap injected into new runners
   */
  constructor(
    primary: Runner,
    runnerSpec: ComponentSpec<Runner>,
    tracer: Tracer,
    tracerSpec: ComponentSpec<Tracer>,
    maxRollouts: number | null,
  ) {
    this.#primary = primary;
    this.#runnerSpec = runnerSpec;
    this.#tracer = tracer;
    this.#tracerSpec = tracerSpec;
    this.#maxRollouts = maxRollouts;
  }

  #freshTracer(): Tracer {
    return this.#tracerSpec === this.#tracer ||
      this.#tracerSpec === undefined ||
      this.#tracerSpec === null
      ? cloneTracer(this.#tracer)
      : resolveTracer(this.#tracerSpec);
  }

  #acquire(): { runner: Runner; primary: boolean } {
    if (!this.#primaryInUse) {
      this.#primaryInUse = true;
      return { runner: this.#primary, primary: true };
    }
    const primary = this.#primary as Runner & { clone?: (o: { tracer: Tracer }) => Runner };
    if (this.#runnerSpec === this.#primary) {
      if (typeof primary.clone !== 'function') {
        throw new InvalidArgumentError(
          `${primary.constructor.name} has no clone(); pass a runner class or spec to use several runners in one process.`,
          { pythonType: 'TypeError' },
        );
      }
      return { runner: primary.clone({ tracer: this.#freshTracer() }), primary: false };
    }
    return {
      runner: resolveRunner(this.#runnerSpec, this.#freshTracer(), this.#maxRollouts),
      primary: false,
    };
  }

  /**
   * The runner bundle: init, initWorker, iter; then the teardowns that match the setups that succeeded.
   *
   * @param agent - the agent
   * @param hooks - the hooks
   * @param store - the store of this worker
   * @param workerId - the worker id
   * @param event - the stop event
   */
  async runWorker(
    agent: LitAgent<unknown>,
    hooks: readonly HookCallbacks[],
    store: LightningStore,
    workerId: number,
    event: ExecutionEvent,
  ): Promise<void> {
    const { runner, primary } = this.#acquire();
    let initDone = false;
    let workerDone = false;
    try {
      await runner.init(agent, { hooks });
      initDone = true;
      await runner.initWorker(workerId, store);
      workerDone = true;
      await runner.iter({ event });
    } catch (error) {
      log.error(`Runner bundle of worker ${workerId} encountered an error.`, error);
      throw error;
    } finally {
      if (workerDone)
        await runner
          .teardownWorker(workerId)
          .catch((e) => log.error(`Error tearing down worker ${workerId}.`, e));
      if (initDone)
        await runner
          .teardown()
          .catch((e) => log.error(`Error tearing down the runner of worker ${workerId}.`, e));
      if (primary) this.#primaryInUse = false;
    }
  }
}
