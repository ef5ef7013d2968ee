import type { ResourcesUpdate } from '@agl/types';

/** Resources snapshots in creation order, with the "latest" pointer. */
export class ResourcesTable {
  readonly #byId = new Map<string, ResourcesUpdate>();
  #latest: ResourcesUpdate | undefined;

  /** Number of snapshots. */
  get size(): number {
    return this.#byId.size;
  }

  /** Every snapshot, in creation order. */
  values(): IterableIterator<ResourcesUpdate> {
    return this.#byId.values();
  }

  /** The snapshot stored by the most recent `put`. */
  get latest(): ResourcesUpdate | undefined {
    return this.#latest;
  }

  /**
   * Looks a snapshot up.
   *
   * @param resourcesId - the id
   */
  get(resourcesId: string): ResourcesUpdate | undefined {
    return this.#byId.get(resourcesId);
  }

  /**
   * Stores a snapshot (a known id keeps its place) and makes it the latest.
   *
   * @param snapshot - the snapshot (owned by the table from now on)
   */
  put(snapshot: ResourcesUpdate): void {
    this.#byId.set(snapshot.resources_id, snapshot);
    this.#latest = snapshot;
  }
}
