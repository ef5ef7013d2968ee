/**
 * The `Algorithm` base class.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InvalidArgumentError, NotImplementedStoreError } from '@agl/store-core';
import type { NamedResources } from '@agl/types';
import type { AdapterLike, AlgorithmRunArgs, LlmProxyLike } from './types';

/**
 * Base class of algorithms: decide what to run (through the store), read the
 * results and update resources. The trainer injects the store, adapter,
 * initial resources and LLM proxy before calling `run`.
 */
export abstract class Algorithm {
  #trainer: unknown = null;
  #store: LightningStore | null = null;
  #adapter: AdapterLike | null = null;
  #llmProxy: LlmProxyLike | null = null;
  #initialResources: NamedResources | null = null;

  /** The algorithm's work; may be async (the trainer always awaits). */
  abstract run(args: AlgorithmRunArgs): Promise<void> | void;

  /** Always true in TypeScript: the trainer awaits `run` whatever it returns. */
  isAsync(): boolean {
    return true;
  }

  /** Remembers the trainer. */
  setTrainer(trainer: unknown): void {
    this.#trainer = trainer;
  }

  /** The trainer; throws `InvalidArgumentError` when unset (message kept from the reference). */
  getTrainer(): unknown {
    if (this.#trainer === null)
      throw new InvalidArgumentError('Trainer has not been set for this agent.');
    return this.#trainer;
  }

  /** Remembers the store. */
  setStore(store: LightningStore): void {
    this.#store = store;
  }

  /** The store; throws `InvalidArgumentError` when unset. */
  getStore(): LightningStore {
    if (this.#store === null)
      throw new InvalidArgumentError('Store has not been set for this algorithm.');
    return this.#store;
  }

  /** Remembers the adapter. */
  setAdapter(adapter: AdapterLike): void {
    this.#adapter = adapter;
  }

  /** The adapter; throws `InvalidArgumentError` when unset. */
  getAdapter(): AdapterLike {
    if (this.#adapter === null)
      throw new InvalidArgumentError('Adapter has not been set for this algorithm.');
    return this.#adapter;
  }

  /** Remembers the LLM proxy. */
  setLlmProxy(proxy: LlmProxyLike | null): void {
    this.#llmProxy = proxy;
  }

  /** The LLM proxy, or `null`. */
  getLlmProxy(): LlmProxyLike | null {
    return this.#llmProxy;
  }

  /** Remembers the initial resources. */
  setInitialResources(resources: NamedResources | null): void {
    this.#initialResources = resources;
  }

  /** The initial resources, or `null`. */
  getInitialResources(): NamedResources | null {
    return this.#initialResources;
  }

  /** Deprecated legacy hook; always throws `NotImplementedStoreError`. */
  getClient(): never {
    throw new NotImplementedStoreError('getClient() is only available on legacy algorithms.');
  }
}

/** Marker base class of algorithms fast enough for `Trainer.dev()`. */
export abstract class FastAlgorithm extends Algorithm {}
