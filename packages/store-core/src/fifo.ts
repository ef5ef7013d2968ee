/**
 * A FIFO with O(1) amortised push and shift: an array with a head index,
 * compacted once the consumed prefix is at least half of the array (a plain
 * array's `shift()` is O(n)). Backends use it for the rollout queue.
 */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  /** Number of entries waiting. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Appends an entry.
   *
   * @param item - the entry
   */
  push(item: T): void {
    this.#items.push(item);
  }

  /** Removes and returns the oldest entry, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    } else if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    }
    return item;
  }
}
