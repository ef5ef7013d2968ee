import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../helpers';

let t: TestApp;
let ids: string[];
beforeEach(async () => {
  t = testApp();
  const rollouts = [
    { input: 0, mode: 'train', resources_id: 'rs-1' },
    { input: 1, mode: 'val', resources_id: 'rs-1' },
    { input: 2, resources_id: 'rs-2' },
    { input: 3, mode: 'train' },
  ];
  const reply = await t.call('POST', '/v1/agl/queues/rollouts/enqueue', { json: { rollouts } });
  ids = (reply.body as { rollout_id: string }[]).map((r) => r.rollout_id);
});
afterEach(() => t.close());

const idsOf = (body: { items: { rollout_id: string }[] }) => body.items.map((r) => r.rollout_id);

describe('rollout_filters: mode_in and resources_id_in', () => {
  it('is advertised in the health answer', async () => {
    expect((await t.call('GET', '/v1/agl/health')).body.capabilities.rollout_filters).toBe(true);
  });

  it('filters GET /rollouts by repeated mode_in (none = no mode) and resources_id_in', async () => {
    const modes = await t.call('GET', '/v1/agl/rollouts?mode_in=train&mode_in=none');
    expect(modes.status).toBe(200);
    expect(idsOf(modes.body)).toEqual([ids[0], ids[2], ids[3]]);
    expect(modes.body.total).toBe(3);
    const both = await t.call('GET', '/v1/agl/rollouts?mode_in=train&resources_id_in=rs-1');
    expect(idsOf(both.body)).toEqual([ids[0]]);
    const either = await t.call(
      'GET',
      '/v1/agl/rollouts?mode_in=val&resources_id_in=rs-2&filter_logic=or',
    );
    expect(idsOf(either.body)).toEqual([ids[1], ids[2]]);
  });

  it('takes the same keys in the search body; an empty list under and matches nothing', async () => {
    const search = await t.call('POST', '/v1/agl/rollouts/search', {
      json: { mode_in: ['none', 'val'], status_in: ['queuing'] },
    });
    expect(idsOf(search.body)).toEqual([ids[1], ids[2]]);
    const empty = await t.call('POST', '/v1/agl/rollouts/search', { json: { mode_in: [] } });
    expect(empty.body).toMatchObject({ items: [], total: 0 });
    const orEmpty = await t.call('POST', '/v1/agl/rollouts/search', {
      json: { resources_id_in: [], rollout_id_in: [ids[3]], filter_logic: 'or' },
    });
    expect(idsOf(orEmpty.body)).toEqual([ids[3]]);
  });

  it('refuses an unknown mode with 422 in the shape of the other enum errors', async () => {
    const bad = await t.call('GET', '/v1/agl/rollouts?mode_in=train&mode_in=training');
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([
      {
        type: 'literal_error',
        loc: ['query', 'mode_in', 1],
        msg: "Input should be 'train', 'val', 'test' or 'none'",
        input: 'training',
        ctx: { expected: "'train', 'val', 'test' or 'none'" },
      },
    ]);
    const body = await t.call('POST', '/v1/agl/rollouts/search', { json: { mode_in: ['x'] } });
    expect(body.status).toBe(422);
    expect(body.body.detail[0]).toMatchObject({
      type: 'literal_error',
      loc: ['body', 'mode_in', 0],
    });
  });
});
