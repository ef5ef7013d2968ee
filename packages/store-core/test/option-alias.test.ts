import { describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../src/errors';
import { millisecondsToSeconds, optionWithAlias } from '../src/option-alias';

const names = { name: 'timeoutSeconds', aliasName: 'timeoutMs' };

describe('optionWithAlias', () => {
  it('gives undefined when neither is given, and the current value when only it is', () => {
    expect(optionWithAlias<number>(undefined, undefined, names)).toBeUndefined();
    expect(optionWithAlias<number>(3, undefined, names)).toBe(3);
    expect(optionWithAlias<number | null>(null, undefined, names)).toBeNull();
  });

  it('uses the alias alone, converted, and reports that it was used', () => {
    const onAlias = vi.fn();
    expect(
      optionWithAlias<number>(undefined, 1500, {
        ...names,
        fromAlias: millisecondsToSeconds,
        onAlias,
      }),
    ).toBe(1.5);
    expect(onAlias).toHaveBeenCalledTimes(1);
    expect(optionWithAlias<number>(undefined, 7, names)).toBe(7);
  });

  it('accepts both with the same value after conversion, lists item by item', () => {
    const onAlias = vi.fn();
    expect(optionWithAlias(0.3, 300, { ...names, fromAlias: millisecondsToSeconds, onAlias })).toBe(
      0.3,
    );
    expect(onAlias).not.toHaveBeenCalled();
    const list = [0.1, 2];
    expect(
      optionWithAlias(list, [100, 2000], {
        ...names,
        fromAlias: (ms: number[]) => ms.map(millisecondsToSeconds),
      }),
    ).toBe(list);
    expect(optionWithAlias<number | null>(null, null, names)).toBeNull();
  });

  it('throws naming both options when both are given with different values', () => {
    const call = () => optionWithAlias(2, 3000, { ...names, fromAlias: millisecondsToSeconds });
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow('timeoutSeconds (2) and its deprecated alias timeoutMs (3000) disagree');
    expect(() => optionWithAlias([1, 2], [1], names)).toThrow('[1, 2]');
    expect(() => optionWithAlias<number | null>(null, 5, names)).toThrow(InvalidArgumentError);
    expect(() => optionWithAlias({}, {}, names)).toThrow('an object');
  });
});

describe('millisecondsToSeconds', () => {
  it('divides a number and the numbers of a list by 1000 and leaves anything else', () => {
    expect(millisecondsToSeconds(1500)).toBe(1.5);
    expect(millisecondsToSeconds([100, 2000])).toEqual([0.1, 2]);
    expect(millisecondsToSeconds([100, 'x'])).toEqual([0.1, 'x']);
    expect(millisecondsToSeconds('soon')).toBe('soon');
    expect(millisecondsToSeconds(null)).toBeNull();
  });
});
