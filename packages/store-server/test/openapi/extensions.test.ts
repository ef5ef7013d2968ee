import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/openapi/document';
import { testApp } from '../helpers';

// biome-ignore lint/suspicious/noExplicitAny: JSON documents are inspected freely
type Json = Record<string, any>;

const EXTRA = ['/v1/agl/events', '/v1/agl/rewards', '/v1/agl/timeseries'];

async function served(options: Parameters<typeof testApp>[0]): Promise<Json> {
  const t = testApp(options);
  try {
    const reply = await t.call('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    return reply.body as Json;
  } finally {
    await t.close();
  }
}

/** A dashboard mount that reads no reward: enough for the app to serve the aggregate routes. */
const dashboard = {
  basePath: '/',
  fetch: async () => undefined,
  readReward: () => ({ final_reward: null, dimensions: [], reward_spans: 0 }),
};

describe('optional routes in the served OpenAPI document', () => {
  it('are absent from a plain app', async () => {
    const doc = await served({});
    for (const path of EXTRA) expect(doc.paths[path]).toBeUndefined();
  });

  it('list the event stream only with events on', async () => {
    const doc = await served({ events: true });
    const op = doc.paths['/v1/agl/events']?.get as Json;
    expect(op.operationId).toBe('events_v1_agl_events_get');
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/event-stream']);
    expect(op.parameters.map((p: Json) => `${p.in}:${p.name}`)).toEqual([
      'query:topics',
      'query:rollout_id',
      'header:Last-Event-ID',
    ]);
    expect(doc.paths['/v1/agl/rewards']).toBeUndefined();
  });

  it('list rewards and time series with a dashboard, with their parameters', async () => {
    const doc = await served({ dashboard });
    expect(doc.paths['/v1/agl/events']).toBeUndefined();
    const params = (path: string) =>
      (doc.paths[path].get.parameters as Json[]).map((p) => `${p.name}:${p.required}`);
    expect(params('/v1/agl/rewards')).toEqual(['rollout_id_in:true']);
    expect(params('/v1/agl/timeseries')).toEqual([
      'since:true',
      'until:false',
      'bucket_seconds:true',
      'mode_in:false',
    ]);
  });

  it('describe the answers the routes really give', async () => {
    const t = testApp({ dashboard, events: true });
    try {
      const doc = (await t.call('GET', '/openapi.json')).body as Json;
      const rewards = await t.call('GET', '/v1/agl/rewards?rollout_id_in=ro-none');
      expect(rewards.status).toBe(200);
      const rewardsSchema = doc.paths['/v1/agl/rewards'].get.responses['200'].content[
        'application/json'
      ].schema as Json;
      expect(Object.keys(rewards.body as Json)).toEqual(rewardsSchema.required);
      const series = await t.call('GET', '/v1/agl/timeseries?since=0&until=120&bucket_seconds=60');
      const seriesSchema = doc.paths['/v1/agl/timeseries'].get.responses['200'].content[
        'application/json'
      ].schema as Json;
      expect(Object.keys(series.body as Json).sort()).toEqual([...seriesSchema.required].sort());
      const bucket = (series.body as Json).buckets[0] as Json;
      expect(Object.keys(bucket).sort()).toEqual(
        [...seriesSchema.properties.buckets.items.required].sort(),
      );
      expect(Object.keys(bucket.reward).sort()).toEqual(
        [...seriesSchema.properties.buckets.items.properties.reward.required].sort(),
      );
      const bad = await t.call('GET', '/v1/agl/rewards');
      expect(bad.status).toBe(400);
      expect(doc.paths['/v1/agl/rewards'].get.responses['400']).toBeDefined();
    } finally {
      await t.close();
    }
  });

  it('leave the default document (the committed file) unchanged', () => {
    const doc = buildOpenApiDocument() as Json;
    for (const path of EXTRA) expect(doc.paths[path]).toBeUndefined();
  });
});
