/**
 * The functional algorithm factory `algo(fn)` :
 * `fn` receives one context object instead of parameter-name injection,
 * which JavaScript cannot do reliably (see docs/compatibility.md).
 *
 * @module
 */
import { InvalidArgumentError, type LightningStore } from '@agl/store-core';
import type { NamedResources } from '@agl/types';
import { Algorithm } from './algorithm';
import type { AdapterLike, AlgorithmRunArgs, Dataset, LlmProxyLike } from './types';

/** What an `algo` function receives. `store` and `adapter` are lazy: reading them while unset throws. */
export interface AlgoContext<T = unknown> {
  /** The store (throws `InvalidArgumentError` when unset). */
  readonly store: LightningStore;
  /** The adapter (throws `InvalidArgumentError` when unset). */
  readonly adapter: AdapterLike;
  /** The LLM proxy, or `null`. */
  readonly llmProxy: LlmProxyLike | null;
  /** The initial resources, or `null`. */
  readonly initialResources: NamedResources | null;
  /** The training samples, or `null`. */
  readonly trainDataset: Dataset<T> | null;
  /** The validation samples, or `null`. */
  readonly valDataset: Dataset<T> | null;
  /** Aborts when the run is asked to stop (Ctrl+C, SIGTERM): return soon after. Never aborts outside a trainer. */
  readonly signal: AbortSignal;
}

/** A key of `AlgoContext`. */
export type AlgoInjectKey = keyof AlgoContext;

/** Options of `algo`. */
export interface AlgoOptions {
  /**
   * The context keys the function uses. When given, passing a dataset the
   * function does not list throws `InvalidArgumentError`; otherwise datasets are always passed.
   */
  inject?: readonly AlgoInjectKey[];
}

/** An algorithm whose `run` calls a plain function. */
export class FunctionalAlgorithm<T = unknown> extends Algorithm {
  /** The wrapped function. */
  readonly fn: (context: AlgoContext<T>) => unknown;
  /** The declared context keys, if any. */
  readonly inject: readonly AlgoInjectKey[] | null;

  /**
   * @param fn - the algorithm function
   * @param options - the declared context keys
   */
  constructor(fn: (context: AlgoContext<T>) => unknown, options: AlgoOptions = {}) {
    super();
    this.fn = fn;
    this.inject = options.inject ?? null;
  }

  /** Builds the context (lazy store/adapter) and calls the function. */
  override async run(args: AlgorithmRunArgs = {}): Promise<void> {
    for (const key of ['trainDataset', 'valDataset'] as const) {
      const value = args[key];
      if (this.inject && value !== null && value !== undefined && !this.inject.includes(key)) {
        const snake = key === 'trainDataset' ? 'train_dataset' : 'val_dataset';
        throw new InvalidArgumentError(
          `${snake} is provided but not supported by the algorithm function.`,
          { pythonType: 'TypeError' },
        );
      }
    }
    await this.fn(this.#context(args));
  }

  /** Calls the original function directly. */
  invoke(context: AlgoContext<T>): unknown {
    return this.fn(context);
  }

  #context(args: AlgorithmRunArgs): AlgoContext<T> {
    const self = this;
    return {
      get store() {
        return self.getStore();
      },
      get adapter() {
        return self.getAdapter();
      },
      llmProxy: this.getLlmProxy(),
      initialResources: this.getInitialResources(),
      trainDataset: (args.trainDataset ?? null) as Dataset<T> | null,
      valDataset: (args.valDataset ?? null) as Dataset<T> | null,
      signal: args.signal ?? new AbortController().signal,
    };
  }
}

/**
 * Wraps a function into an algorithm.
 *
 * @example
 * const search = algo(async ({ store, valDataset }) => { ... });
 * @param fn - receives `{store, adapter, llmProxy, initialResources, trainDataset, valDataset, signal}`
 * @param options - the declared context keys
 */
export function algo<T = unknown>(
  fn: (context: AlgoContext<T>) => unknown,
  options: AlgoOptions = {},
): FunctionalAlgorithm<T> {
  return new FunctionalAlgorithm(fn, options);
}
