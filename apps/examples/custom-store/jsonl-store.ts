/**
 * `JsonlLightningStore`: a persistent LightningStore built only on
 * `@agl/store-core`. The engine (`BaseLightningStore`) implements every store
 * method; `JsonlStorage` keeps the data and logs each mutation to a file.
 *
 * @module
 */
import type { StoreOptions } from '@agl/store-core';
import { BaseLightningStore } from '@agl/store-core/backend';
import { JsonlStorage } from './jsonl-storage';

/** Options of `JsonlLightningStore`. */
export interface JsonlStoreOptions extends StoreOptions {
  /** The JSON-lines file holding the store (created when missing, replayed when present). */
  path: string;
  /** Receives warnings, such as a torn last line skipped after a crash (default `console.warn`). */
  onWarning?: (message: string) => void;
}

/**
 * A LightningStore that survives restarts: its state lives in memory and
 * every change is appended to a JSON-lines file, which is replayed when the
 * store is opened again. Writes are buffered for one turn of the event loop;
 * `flush()` and `close()` write them at once.
 */
export class JsonlLightningStore extends BaseLightningStore {
  readonly #storage: JsonlStorage;

  /**
   * Opens the store, replaying its file.
   *
   * @param options - the file, warnings, and the common store options (clock, watchdog)
   * @throws Error when a line other than the last one is corrupt
   */
  constructor(options: JsonlStoreOptions) {
    const storage = new JsonlStorage(options.path, options.onWarning ?? console.warn);
    super(storage, { ...options, name: 'JsonlLightningStore' });
    this.#storage = storage;
  }

  /** Writes buffered changes to the file now. */
  flush(): void {
    this.#storage.flush();
  }
}
