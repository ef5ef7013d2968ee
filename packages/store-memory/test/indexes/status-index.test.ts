import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { OrderedStatusIndex } from '../../src/indexes/status-index';

const STATUSES = ['a', 'b', 'c'] as const;
type S = (typeof STATUSES)[number];

describe('OrderedStatusIndex', () => {
  it('lists positions of the requested statuses in ascending order with offset and limit', () => {
    // Small blocks (4 positions) so that pages cross block boundaries.
    const index = new OrderedStatusIndex<S>(STATUSES, 2);
    const model: S[] = [];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 500; i++) {
      const status = STATUSES[rand() % 3] as S;
      index.set(i, status);
      model.push(status);
    }
    for (let i = 0; i < 300; i++) {
      const position = rand() % 500;
      const status = STATUSES[rand() % 3] as S;
      index.set(position, status);
      model[position] = status;
    }
    for (const wanted of [['a'], ['b', 'c'], ['a', 'b', 'c'], []] as S[][]) {
      const expected = model.flatMap((status, position) =>
        wanted.includes(status) ? [position] : [],
      );
      expect(index.count(wanted)).toBe(expected.length);
      expect(index.positions(wanted)).toEqual(expected);
      for (const [offset, limit] of [
        [0, 10],
        [37, 25],
        [expected.length - 3, 10],
        [expected.length + 5, 10],
        [5, 0],
      ] as const) {
        expect(index.positions(wanted, offset, limit)).toEqual(
          expected.slice(offset, offset + limit),
        );
      }
    }
  });

  it('rejects unknown statuses and gaps', () => {
    const index = new OrderedStatusIndex<S>(STATUSES);
    expect(() => index.set(0, 'z' as S)).toThrow(InvalidArgumentError);
    expect(() => index.set(2, 'a')).toThrow(InvalidArgumentError);
  });
});
