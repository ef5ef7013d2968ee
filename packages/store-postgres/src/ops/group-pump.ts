/**
 * The queue behind each group commit: calls wait in arrival order; at most
 * `maxInFlight` groups are on their way at once, and a new group is taken
 * only after the current I/O callbacks, so the calls of requests read in the
 * same turn go together.
 */
export class GroupPump<C> {
  readonly #queue: C[] = [];
  readonly #maxInFlight: number;
  readonly #take: (queue: C[]) => C[];
  readonly #flush: (batch: readonly C[]) => Promise<void>;
  #inFlight = 0;
  #scheduled = false;

  /**
   * @param maxInFlight - groups on their way at once
   * @param take - removes the next group's calls from the queue and returns them
   * @param flush - runs a group, settling each of its calls (never rejects)
   */
  constructor(
    maxInFlight: number,
    take: (queue: C[]) => C[],
    flush: (batch: readonly C[]) => Promise<void>,
  ) {
    this.#maxInFlight = maxInFlight;
    this.#take = take;
    this.#flush = flush;
  }

  /** Queues a call; it goes with the next group that has room for it. */
  push(call: C): void {
    this.#queue.push(call);
    this.#pump();
  }

  #pump(): void {
    if (this.#scheduled || this.#inFlight >= this.#maxInFlight || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#inFlight >= this.#maxInFlight || this.#queue.length === 0) return;
      this.#inFlight++;
      void this.#flush(this.#take(this.#queue)).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
      this.#pump();
    });
  }
}
