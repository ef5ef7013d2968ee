import { describe, expect, it } from 'vitest';
import { compareBody, IdMap } from './fixture-support';

const recordedId = 'rollout-ee483939-5e7e-4079-af18-4cdec7ca6866';
const liveId = 'rollout-11111111-2222-4333-8444-555555555555';

describe('the fixture comparison itself', () => {
  it('accepts a body that differs only in generated ids and server times', () => {
    const ids = new IdMap();
    compareBody(
      { task: { rollout_id: recordedId, create_time: 1.5, num_claims: 1 } },
      { task: { rollout_id: liveId, create_time: 99, num_claims: 1 } },
      ids,
    );
    expect(ids.substitute(`Rollout ${recordedId} stored`)).toBe(`Rollout ${liveId} stored`);
  });

  it('rejects missing or extra keys, wrong types, other values and inconsistent ids', () => {
    const cases: [unknown, unknown][] = [
      [{ a: null, b: 1 }, { b: 1 }],
      [{ a: 1 }, { a: 1, extra: 2 }],
      [{ create_time: 1 }, { create_time: null }],
      [{ num_claims: 1 }, { num_claims: 2 }],
      [{ mode: 'train' }, { mode: 'val' }],
      [[1, 2], [1]],
      [
        { detail: [{ type: 'missing', loc: ['body', 'x'], msg: 'm', input: null }] },
        { detail: [{ type: 'missing', loc: ['body'], msg: 'm', input: null }] },
      ],
    ];
    for (const [recorded, live] of cases) {
      expect(() => compareBody(recorded, live, new IdMap())).toThrow();
    }
    const ids = new IdMap();
    ids.learn(recordedId, liveId);
    expect(() => ids.learn(recordedId, 'rollout-99999999-2222-4333-8444-555555555555')).toThrow();
    expect(() =>
      compareBody(
        { id: recordedId },
        { id: 'res-11111111-2222-4333-8444-555555555555' },
        new IdMap(),
      ),
    ).toThrow();
  });
});
