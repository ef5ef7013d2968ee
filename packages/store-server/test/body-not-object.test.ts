import { fillPath, STORE_ROUTES, type StoreRoute } from '@agl/types';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from './helpers';

// Every store route that reads a JSON body, answered as the reference answers a
// body of the wrong JSON type: a model body gives one `model_attributes_type`
// at `["body"]`, the resources mapping gives `dict_type`, and JSON `null` is a
// missing body where the body is required (and no body at all where optional).
const app = testApp();
afterAll(() => app.close());

const params = {
  rollout_id: 'ro-000000000000',
  attempt_id: 'at-00000000',
  worker_id: 'w-1',
  resources_id: 'r-1',
};
const bodyRoutes = Object.entries(STORE_ROUTES).filter(
  ([, route]) => (route as StoreRoute).bodyMode !== 'none',
) as [string, StoreRoute][];
const notObjects: [string, string, unknown][] = [
  ['an array', '["not", "a", "mapping"]', ['not', 'a', 'mapping']],
  ['an empty array', '[]', []],
  ['a string', '"text"', 'text'],
  ['a number', '42', 42],
  ['a boolean', 'true', true],
];

describe.each(bodyRoutes)('%s: a body that is not a JSON object', (name, route) => {
  const path = fillPath(route.path, params);
  const mapping = name === 'addResources' || name === 'updateResources';

  it.each(notObjects)('%s gives the reference 422', async (_label, raw, input) => {
    const reply = await app.call(route.method, path, {
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.detail).toEqual([
      mapping
        ? { type: 'dict_type', loc: ['body'], msg: 'Input should be a valid dictionary', input }
        : {
            type: 'model_attributes_type',
            loc: ['body'],
            msg: 'Input should be a valid dictionary or object to extract fields from',
            input,
          },
    ]);
  });

  it('JSON null is a missing body when required, and no body when optional', async () => {
    const reply = await app.call(route.method, path, {
      raw: 'null',
      headers: { 'content-type': 'application/json' },
    });
    if (route.bodyMode === 'required') {
      expect(reply.status).toBe(422);
      expect(reply.body.detail).toEqual([
        { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
      ]);
    } else {
      expect(reply.status).not.toBe(422);
    }
  });
});

describe('arrays where a nested model is expected', () => {
  it('a rollout config given as an array is rejected at its position', async () => {
    const reply = await app.call('POST', '/v1/agl/rollouts', { json: { input: 1, config: [1] } });
    expect(reply.status).toBe(422);
    expect(reply.body.detail).toEqual([
      {
        type: 'model_attributes_type',
        loc: ['body', 'config'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: [1],
      },
    ]);
  });

  it('an enqueued item given as an array is rejected at its index', async () => {
    const reply = await app.call('POST', '/v1/agl/queues/rollouts/enqueue', {
      json: { rollouts: [{ input: 1 }, ['x']] },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.detail.map((d: { loc: unknown }) => d.loc)).toEqual([
      ['body', 'rollouts', 1],
    ]);
    expect(reply.body.detail[0].type).toBe('model_attributes_type');
  });
});
