/**
 * Helper wrappers for algorithm methods.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InvalidArgumentError } from '@agl/store-core';
import type { Algorithm } from './algorithm';
import type { Dataset, LlmProxyLike } from './types';

/**
 * Wraps a method so it receives `this.getStore()` (resolved per call) as first argument.
 *
 * @example
 * run = withStore(async function (this: MyAlgo, store, args) { ... });
 * @param method - the method taking the store first
 */
export function withStore<A extends unknown[], R, Self extends Algorithm = Algorithm>(
  method: (this: Self, store: LightningStore, ...args: A) => R,
): (this: Self, ...args: A) => R {
  return function (this: Self, ...args: A): R {
    return method.call(this, this.getStore(), ...args);
  };
}

/** Options of `withLlmProxy`. */
export interface WithLlmProxyOptions {
  /** Throw when no proxy is configured (default false). */
  required?: boolean;
  /** Start a stopped proxy before the call and stop it after (default true). */
  autoStart?: boolean;
}

/**
 * Wraps a method so it receives `this.getLlmProxy()` (possibly `null`) as
 * first argument; with `autoStart`, a stopped proxy is started before and
 * stopped after (a running proxy is left alone).
 *
 * @param options - `required`, `autoStart`
 */
export function withLlmProxy(options: WithLlmProxyOptions = {}) {
  const required = options.required ?? false;
  const autoStart = options.autoStart ?? true;
  return <A extends unknown[], R, Self extends Algorithm = Algorithm>(
    method: (this: Self, proxy: LlmProxyLike | null, ...args: A) => Promise<R> | R,
  ) =>
    async function (this: Self, ...args: A): Promise<R> {
      const proxy = this.getLlmProxy();
      if (required && proxy === null) {
        throw new InvalidArgumentError(
          'LLM proxy is required but not configured. Call setLlmProxy() first.',
        );
      }
      const started = autoStart && proxy !== null && !proxy.isRunning();
      if (started) await proxy.start();
      try {
        return await method.call(this, proxy, ...args);
      } finally {
        if (started) await proxy.stop();
      }
    };
}

function shuffled(indices: number[], random: () => number): number[] {
  const out = [...indices];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/**
 * An endless sequence of batches: when `batchSize >= length` each batch is
 * a freshly shuffled copy of the whole dataset; otherwise indices are
 * reshuffled every pass and batches hold distinct items, a partial batch
 * carrying over into the next pass.
 *
 * @param dataset - the samples (must not be empty)
 * @param batchSize - items per batch (positive)
 * @param random - random source (default `Math.random`)
 * @throws InvalidArgumentError for an empty dataset or a batch size below 1
 */
export function* batchIterOverDataset<T>(
  dataset: Dataset<T>,
  batchSize: number,
  random: () => number = Math.random,
): Generator<T[], never, unknown> {
  if (dataset.length === 0) throw new InvalidArgumentError('Cannot iterate over an empty dataset.');
  if (!(batchSize >= 1)) throw new InvalidArgumentError('batch_size must be at least 1.');
  const all = Array.from({ length: dataset.length }, (_, i) => i);
  if (batchSize >= dataset.length) {
    while (true) yield shuffled(all, random).map((i) => dataset[i] as T);
  }
  let batch: number[] = [];
  while (true) {
    for (const index of shuffled(all, random)) {
      if (batch.includes(index)) continue;
      batch.push(index);
      if (batch.length === batchSize) {
        yield batch.map((i) => dataset[i] as T);
        batch = [];
      }
    }
  }
}
