import { describe, expect, it } from 'vitest';
import {
  compareCodePoints,
  conditionHolds,
  type FilterSpec,
  matchesFilter,
  pageBounds,
  paginate,
  pinnedValues,
  rolloutsQuery,
  runListQuery,
  sortItems,
  spansQuery,
  validatePageQuery,
} from '../../src/backend';
import { InvalidArgumentError } from '../../src/index';

describe('conditions', () => {
  it('evaluates exact, within and contains', () => {
    expect(conditionHolds({ field: 'a', op: 'exact', value: 'x' }, 'x')).toBe(true);
    expect(conditionHolds({ field: 'a', op: 'within', values: [] }, 'x')).toBe(false);
    expect(conditionHolds({ field: 'a', op: 'within', values: ['x', 'y'] }, 'y')).toBe(true);
    expect(conditionHolds({ field: 'a', op: 'contains', value: 'bc' }, 'abcd')).toBe(true);
    expect(conditionHolds({ field: 'a', op: 'contains', value: 'BC' }, 'abcd')).toBe(false);
    expect(conditionHolds({ field: 'a', op: 'contains', value: 'x' }, null)).toBe(false);
    expect(conditionHolds({ field: 'a', op: 'contains', value: 'x' }, ['y', 'x'])).toBe(true);
    expect(conditionHolds({ field: 'a', op: 'contains', value: 'x' }, ['xy'])).toBe(false);
  });

  it('combines the pool with and/or and applies the empty-pool rules', () => {
    const item = { status: 'failed', id: 'ro-abc' };
    const statusFailed = { field: 'status', op: 'within', values: ['failed'] } as const;
    const idHasZ = { field: 'id', op: 'contains', value: 'z' } as const;
    const spec = (
      logic: 'and' | 'or',
      pool: FilterSpec['pool'],
      must: FilterSpec['must'] = [],
    ) => ({
      logic,
      pool,
      must,
    });
    expect(matchesFilter(spec('and', [statusFailed, idHasZ]), item)).toBe(false);
    expect(matchesFilter(spec('or', [statusFailed, idHasZ]), item)).toBe(true);
    expect(matchesFilter(spec('and', []), item)).toBe(true);
    expect(matchesFilter(spec('or', []), item)).toBe(true);
    const must = [{ field: 'id', op: 'exact', value: 'ro-abc' }] as const;
    expect(matchesFilter(spec('and', [], must), item)).toBe(true);
    expect(matchesFilter(spec('or', [], must), item)).toBe(false);
    expect(
      matchesFilter(spec('or', [idHasZ], [{ field: 'id', op: 'exact', value: 'other' }]), item),
    ).toBe(false);
  });

  it('pins the values of an indexed field when the filter allows it', () => {
    const status = { field: 'status', op: 'within', values: ['a', 'b'] } as const;
    const other = { field: 'id', op: 'contains', value: 'x' } as const;
    expect(pinnedValues({ must: [], pool: [status, other], logic: 'and' }, 'status')).toEqual([
      'a',
      'b',
    ]);
    expect(pinnedValues({ must: [], pool: [status, other], logic: 'or' }, 'status')).toBeNull();
    expect(pinnedValues({ must: [], pool: [status], logic: 'or' }, 'status')).toEqual(['a', 'b']);
    expect(
      pinnedValues(
        { must: [], pool: [status, { field: 'status', op: 'exact', value: 'b' }], logic: 'and' },
        'status',
      ),
    ).toEqual(['b']);
    expect(pinnedValues({ must: [], pool: [other], logic: 'and' }, 'status')).toBeNull();
  });
});

describe('query builders', () => {
  it('ignores conditions whose expected value is null', () => {
    expect(rolloutsQuery({ statusIn: null, rolloutIdContains: null }).filter.pool).toEqual([]);
  });

  it('puts rollout and attempt in the span must group and the eight filters in the pool', () => {
    const query = spansQuery('ro-1', 'at-1', {
      name: 'n',
      traceIdContains: 't',
      filterLogic: 'or',
    });
    expect(query.filter.must).toEqual([
      { field: 'rollout_id', op: 'exact', value: 'ro-1' },
      { field: 'attempt_id', op: 'exact', value: 'at-1' },
    ]);
    expect(query.filter.pool.map((c) => `${c.field}:${c.op}`)).toEqual([
      'trace_id:contains',
      'name:exact',
    ]);
    expect(query.sortBy).toBe('sequence_id');
    expect(spansQuery('ro-1', null, { sortBy: null }).sortBy).toBeNull();
  });

  it('reproduces the span quirk: or without optional filters matches nothing', () => {
    const spans = [{ rollout_id: 'ro-1', attempt_id: 'at-1', sequence_id: 1 }];
    expect(runListQuery(spansQuery('ro-1', null, { filterLogic: 'or' }), spans).total).toBe(0);
    expect(runListQuery(spansQuery('ro-1', null, {}), spans).total).toBe(1);
  });

  it('rejects invalid order and logic values', () => {
    expect(() => rolloutsQuery({ sortOrder: 'up' as never })).toThrow(InvalidArgumentError);
    expect(() => rolloutsQuery({ filterLogic: 'xor' as never })).toThrow(InvalidArgumentError);
  });
});

describe('sorting', () => {
  const rows = [
    { rollout_id: 'b', mode: null, end_time: 5, n: 1 },
    { rollout_id: 'a', mode: 'train', end_time: null, n: 2 },
    { rollout_id: 'c', mode: 'val', end_time: 3, n: 3 },
  ];

  it('sorts null strings as "" and null times as +infinity', () => {
    expect(sortItems('rollouts', [...rows], 'mode', 'asc').map((r) => r.n)).toEqual([1, 2, 3]);
    expect(sortItems('rollouts', [...rows], 'mode', 'desc').map((r) => r.n)).toEqual([3, 2, 1]);
    expect(sortItems('rollouts', [...rows], 'end_time', 'asc').map((r) => r.n)).toEqual([3, 1, 2]);
    expect(sortItems('rollouts', [...rows], 'end_time', 'desc').map((r) => r.n)).toEqual([2, 1, 3]);
  });

  it('keeps ties in natural order for desc too', () => {
    const ties = [
      { status: 'x', n: 1 },
      { status: 'y', n: 2 },
      { status: 'x', n: 3 },
      { status: 'y', n: 4 },
    ];
    expect(sortItems('rollouts', [...ties], 'status', 'desc').map((r) => r.n)).toEqual([
      2, 4, 1, 3,
    ]);
    expect(sortItems('rollouts', [...ties], 'status', 'asc').map((r) => r.n)).toEqual([1, 3, 2, 4]);
  });

  it('fails with a TypeError-flavoured error on unorderable fields, only when comparing', () => {
    try {
      sortItems('rollouts', [{ input: {} }, { input: {} }], 'input');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).pythonType).toBe('TypeError');
    }
    expect(sortItems('rollouts', [{ input: {} }], 'input')).toHaveLength(1);
  });

  it('compares strings by code point like Python', () => {
    const astral = '\u{1F600}';
    const highBmp = '\uFF01';
    expect(highBmp < astral).toBe(false);
    expect(compareCodePoints(highBmp, astral)).toBeLessThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('b', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });
});

describe('pagination', () => {
  const items = [1, 2, 3, 4, 5];
  it('skips offset and takes limit, -1 = all, 0 = none', () => {
    expect(paginate(items, 2, 1)).toEqual({ items: [2, 3], limit: 2, offset: 1, total: 5 });
    expect(paginate(items, -1, 3).items).toEqual([4, 5]);
    expect(paginate(items, 0, 0).items).toEqual([]);
  });

  it('gives an empty page with the true total past the end', () => {
    expect(paginate(items, 10, 9)).toEqual({ items: [], limit: 10, offset: 9, total: 5 });
    expect(pageBounds(5, 10, 9)).toEqual({ start: 5, end: 5 });
  });
});

describe('validatePageQuery', () => {
  it('reports an unknown sort field with the allowed names in declaration order', () => {
    expect(() => validatePageQuery('rollouts', { sortBy: 'attempt' })).toThrow(
      'Invalid sort_by: attempt, allowed fields are: rollout_id, input, start_time, end_time, mode, resources_id, status, config, metadata',
    );
    expect(() => validatePageQuery('workers', { sortBy: 'nope' })).toThrow(
      /^Invalid sort_by: nope, allowed fields are: worker_id, status, heartbeat_stats, /,
    );
  });

  it('checks sort_by, then limit, then offset', () => {
    expect(() => validatePageQuery('spans', { sortBy: 'x', limit: 0, offset: -1 })).toThrow(
      /sort_by/,
    );
    expect(() => validatePageQuery('spans', { limit: 0, offset: -1 })).toThrow(
      'Limit must be greater than 0 or -1 for no limit',
    );
    expect(() => validatePageQuery('spans', { limit: -2 })).toThrow(/Limit/);
    expect(() => validatePageQuery('spans', { offset: -1 })).toThrow(
      'Offset must be greater than or equal to 0',
    );
  });

  it('accepts limit 0 for stores that ask for it', () => {
    expect(() =>
      validatePageQuery('attempts', { limit: 0 }, { allowZeroLimit: true }),
    ).not.toThrow();
    expect(() =>
      validatePageQuery('attempts', { sortBy: 'metadata', limit: 5, offset: 2 }),
    ).not.toThrow();
  });
});
