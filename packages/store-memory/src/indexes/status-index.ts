import { InvalidArgumentError } from '@agl/store-core';

const ABSENT = 255;

/**
 * An index from a small set of status values to positions (creation
 * ordinals), that lists the positions holding some statuses in ascending
 * order without scanning everything.
 *
 * Each position stores one status code (a byte); positions are grouped into
 * blocks with a per-status count per block. Finding the `offset`-th match
 * walks block counts (n / blockSize steps), then scans inside one block, so a
 * page in creation order costs O(n / blockSize + blockSize + page) whatever
 * the status of every other item. A status change is O(1): a positional
 * index keeps creation order for free because positions never move.
 */
export class OrderedStatusIndex<S extends string> {
  readonly #codeOf: ReadonlyMap<S, number>;
  readonly #blockShift: number;
  #codes: Uint8Array;
  #counts: Int32Array[];
  readonly #totals: number[];
  #length = 0;

  /**
   * @param statuses - every status value (at most 255)
   * @param blockShift - log2 of the block size (default 10: 1024 positions per block)
   */
  constructor(statuses: readonly S[], blockShift = 10) {
    this.#codeOf = new Map(statuses.map((status, code) => [status, code]));
    this.#blockShift = blockShift;
    this.#codes = new Uint8Array(1 << blockShift).fill(ABSENT);
    this.#counts = statuses.map(() => new Int32Array(1));
    this.#totals = statuses.map(() => 0);
  }

  /** Number of positions ever set (the next position to append). */
  get length(): number {
    return this.#length;
  }

  /**
   * Sets the status at a position: appends when `position == length`,
   * otherwise changes an existing position.
   *
   * @param position - the item's creation ordinal
   * @param status - its new status
   */
  set(position: number, status: S): void {
    const code = this.#code(status);
    if (position === this.#length) this.#grow(position + 1);
    else if (position > this.#length || position < 0)
      throw new InvalidArgumentError(`Bad position ${position}`);
    const block = position >> this.#blockShift;
    const previous = this.#codes[position] as number;
    if (previous === code) return;
    if (previous !== ABSENT) {
      const counts = this.#counts[previous] as Int32Array;
      counts[block] = (counts[block] as number) - 1;
      this.#totals[previous] = (this.#totals[previous] as number) - 1;
    }
    this.#codes[position] = code;
    const counts = this.#counts[code] as Int32Array;
    counts[block] = (counts[block] as number) + 1;
    this.#totals[code] = (this.#totals[code] as number) + 1;
  }

  /**
   * Number of positions whose status is one of `statuses`.
   *
   * @param statuses - the statuses
   */
  count(statuses: Iterable<S>): number {
    let total = 0;
    for (const code of this.#codesOf(statuses)) total += this.#totals[code] as number;
    return total;
  }

  /**
   * Positions whose status is one of `statuses`, ascending, skipping the
   * first `offset` matches and returning at most `limit` (`-1` = all).
   *
   * @param statuses - the statuses
   * @param offset - matches to skip
   * @param limit - page size
   */
  positions(statuses: Iterable<S>, offset = 0, limit = -1): number[] {
    const codes = this.#codesOf(statuses);
    const out: number[] = [];
    if (codes.length === 0 || limit === 0) return out;
    const mask = new Uint8Array(256);
    for (const code of codes) mask[code] = 1;
    const blockSize = 1 << this.#blockShift;
    const blocks = Math.ceil(this.#length / blockSize);
    let skip = offset;
    for (let block = 0; block < blocks; block++) {
      let inBlock = 0;
      for (const code of codes) inBlock += (this.#counts[code] as Int32Array)[block] as number;
      if (inBlock === 0) continue;
      if (skip >= inBlock) {
        skip -= inBlock;
        continue;
      }
      const end = Math.min((block + 1) * blockSize, this.#length);
      for (let position = block * blockSize; position < end; position++) {
        if (mask[this.#codes[position] as number] !== 1) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        out.push(position);
        if (out.length === limit) return out;
      }
    }
    return out;
  }

  #code(status: S): number {
    const code = this.#codeOf.get(status);
    if (code === undefined) throw new InvalidArgumentError(`Unknown status ${String(status)}`);
    return code;
  }

  #codesOf(statuses: Iterable<S>): number[] {
    const codes = new Set<number>();
    for (const status of statuses) {
      const code = this.#codeOf.get(status);
      if (code !== undefined) codes.add(code);
    }
    return [...codes];
  }

  #grow(length: number): void {
    this.#length = length;
    if (length <= this.#codes.length) return;
    const codes = new Uint8Array(this.#codes.length * 2).fill(ABSENT);
    codes.set(this.#codes);
    this.#codes = codes;
    const blocks = codes.length >> this.#blockShift;
    this.#counts = this.#counts.map((counts) => {
      const grown = new Int32Array(blocks);
      grown.set(counts);
      return grown;
    });
  }
}
