/** A FIFO async mutex: `run` calls execute one at a time, in call order. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs `fn` once every earlier call has settled.
   *
   * @param fn - the critical section
   * @returns what `fn` returns
   */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
