import { RolloutWaiters, type WaitForOptions, type WaitProbe } from '@agl/store-core/backend';
import { isTerminalStatus, type Rollout } from '@agl/types';

/** Reads the current state of rollouts (plain, without attempts); absent ids are unknown. */
export type RolloutReader = (ids: readonly string[]) => Promise<Map<string, Rollout>>;

/** One `waitForRollouts` call in progress. */
class Wait {
  readonly waiters = new RolloutWaiters<Rollout>({ copy: (r) => structuredClone(r) });
  readonly #probes = new Map<string, WaitProbe<Rollout>>();
  readonly #dirty = new Set<string>();
  #flushing = false;
  #ready = false;

  constructor(
    readonly ids: ReadonlySet<string>,
    readonly read: RolloutReader,
  ) {}

  probe = (id: string): WaitProbe<Rollout> => this.#probes.get(id) ?? { state: 'unknown' };

  record(rollouts: Map<string, Rollout>, ids: Iterable<string>): void {
    for (const id of ids) {
      const rollout = rollouts.get(id);
      if (!rollout) this.#probes.set(id, { state: 'unknown' });
      else if (isTerminalStatus(rollout.status))
        this.#probes.set(id, { state: 'terminal', value: rollout });
      else this.#probes.set(id, { state: 'pending' });
    }
  }

  /** Marks the waiter registered: changes seen so far are re-read now. */
  start(): void {
    this.#ready = true;
    void this.#flush();
  }

  /** A rollout of this wait may have changed: re-read it (batched, in order) and wake the waiter. */
  changed(id: string): void {
    this.#dirty.add(id);
    if (this.#ready) void this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#dirty.size > 0 && this.waiters.size > 0) {
        const ids = [...this.#dirty];
        this.#dirty.clear();
        const rollouts = await this.read(ids).catch(() => null);
        if (rollouts === null) {
          // The database is unreachable; the next notification or resync retries.
          for (const id of ids) this.#dirty.add(id);
          return;
        }
        this.record(rollouts, ids);
        for (const id of ids) this.waiters.notify(id);
      }
    } finally {
      this.#flushing = false;
    }
  }
}

/**
 * `waitForRollouts` across processes, event-driven: every store listens to
 * the terminal-transition channel (`LISTEN`); a waiter re-reads a rollout
 * only when a notification names it (or after the listening connection was
 * re-established, when notifications may have been lost). No polling.
 * Waiting is delegated to store-core's `RolloutWaiters` (deadline, abort,
 * order and repeats of the result).
 */
export class WaitHub {
  readonly #read: RolloutReader;
  readonly #byId = new Map<string, Set<Wait>>();
  readonly #all = new Set<Wait>();
  #closed = false;

  /** @param read - reads rollouts by id from the database */
  constructor(read: RolloutReader) {
    this.#read = read;
  }

  /** Number of waits in progress. */
  get size(): number {
    return this.#all.size;
  }

  /**
   * Waits until each rollout is terminal or the deadline passes.
   *
   * @param ids - the rollouts, in result order
   * @param options - timeout (seconds) and abort signal
   */
  async wait(ids: readonly string[], options: WaitForOptions): Promise<Rollout[]> {
    const wait = new Wait(new Set(ids), this.#read);
    // Subscribe before the first read, so no transition between the two is missed.
    this.#register(wait);
    try {
      wait.record(await this.#read([...wait.ids]), wait.ids);
      const effective = this.#closed ? { ...options, timeoutSeconds: 0 } : options;
      const result = wait.waiters.wait(ids, effective, wait.probe);
      wait.start();
      return await result;
    } finally {
      this.#unregister(wait);
    }
  }

  /**
   * A rollout became terminal (a notification from any process, or a commit here).
   *
   * @param rolloutId - the rollout
   */
  notify(rolloutId: string): void {
    for (const wait of this.#byId.get(rolloutId) ?? []) wait.changed(rolloutId);
  }

  /** Notifications may have been missed: every waiter re-reads everything it waits for. */
  resync(): void {
    for (const wait of this.#all) for (const id of wait.ids) wait.changed(id);
  }

  /** Ends every wait now with what finished so far. */
  close(): void {
    this.#closed = true;
    for (const wait of this.#all) wait.waiters.close();
  }

  #register(wait: Wait): void {
    this.#all.add(wait);
    for (const id of wait.ids) {
      const set = this.#byId.get(id);
      if (set) set.add(wait);
      else this.#byId.set(id, new Set([wait]));
    }
  }

  #unregister(wait: Wait): void {
    this.#all.delete(wait);
    for (const id of wait.ids) {
      const set = this.#byId.get(id);
      set?.delete(wait);
      if (set?.size === 0) this.#byId.delete(id);
    }
  }
}
