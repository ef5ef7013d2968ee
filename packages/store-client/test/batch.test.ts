import type { Span } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { BATCH_ROUTES, LightningStoreClient, ProtocolError } from '../src';
import { NO_RETRIES } from './helpers/client-options';
import { closeAfterEach } from './helpers/close-after-each';
import { type FakeHandler, startFakeServer } from './helpers/fake-server';
import { exchange } from './helpers/fixtures';

const SPANS = [
  exchange('spans.add').request.body,
  exchange('spans.add.child_with_extra_key_echoed').request.body,
] as Span[];
const BATCH_HEALTH = {
  body: { status: 'ok', capabilities: { span_batch: true, sequence_id_batch: true, other: 1 } },
};

const closing = closeAfterEach();

async function setup(handler: FakeHandler, health: FakeHandler) {
  const server = closing(await startFakeServer(handler, health));
  const client = closing(new LightningStoreClient(server.url, NO_RETRIES));
  return { client, server };
}

const batchAnswers: FakeHandler = (request) => {
  if (request.path === BATCH_ROUTES.addSpans.path)
    return { status: 201, body: { stored: SPANS.map((_, index) => index) } };
  if (request.path === BATCH_ROUTES.nextSequenceIds.path)
    return { body: { sequence_ids: [4, 1, 5] } };
  return { status: 404, body: { detail: 'Not Found' } };
};

describe('batched writes (DECISIONS "Batched writes")', () => {
  it('sends many spans in one request when the server advertises span_batch', async () => {
    const { client, server } = await setup(batchAnswers, () => BATCH_HEALTH);
    await expect(client.addManySpans(SPANS)).resolves.toEqual(SPANS);
    const [batch] = server.calls();
    expect(batch?.path).toBe('/v1/agl/spans/batch');
    expect(batch?.json).toEqual({ spans: SPANS });
    expect(batch?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('issues many sequence ids in one request when the server advertises sequence_id_batch', async () => {
    const { client, server } = await setup(batchAnswers, () => BATCH_HEALTH);
    const pairs = [
      ['ro-a', 'at-1'],
      ['ro-b', 'at-2'],
      ['ro-a', 'at-1'],
    ] as const;
    await expect(client.getManySpanSequenceIds(pairs)).resolves.toEqual([4, 1, 5]);
    expect(server.calls()[0]?.json).toEqual({
      pairs: pairs.map(([rollout_id, attempt_id]) => ({ rollout_id, attempt_id })),
    });
  });

  it('asks the server once per client, and again after close()', async () => {
    const { client, server } = await setup(batchAnswers, () => BATCH_HEALTH);
    await client.addManySpans(SPANS);
    await client.getManySpanSequenceIds([
      ['ro-a', 'at-1'],
      ['ro-a', 'at-1'],
      ['ro-a', 'at-1'],
    ]);
    await client.addManySpans(SPANS);
    const health = () => server.sequence().filter((s) => s === 'GET /v1/agl/health');
    expect(health()).toHaveLength(1);
    await client.close();
    await client.addManySpans(SPANS);
    expect(health()).toHaveLength(2);
  });

  it('falls back to one request per item when the capabilities are absent or false', async () => {
    const perItem: FakeHandler = (request) =>
      request.path === '/v1/agl/spans'
        ? { status: 201, body: request.json }
        : { body: { sequence_id: 7 } };
    const { client, server } = await setup(perItem, () => ({
      body: { status: 'ok', capabilities: { span_batch: false, sequence_id_batch: 'yes' } },
    }));
    await expect(client.addManySpans(SPANS)).resolves.toEqual(SPANS);
    await expect(
      client.getManySpanSequenceIds([
        ['r', 'a'],
        ['r', 'a'],
      ]),
    ).resolves.toEqual([7, 7]);
    expect(server.calls().map((r) => r.path)).toEqual([
      '/v1/agl/spans',
      '/v1/agl/spans',
      '/v1/agl/spans/next',
      '/v1/agl/spans/next',
    ]);
  });

  it('leaves duplicates (null answers) out of the per-span fallback result', async () => {
    let n = 0;
    const { client } = await setup(
      (request) => ({ status: 201, body: n++ === 0 ? null : request.json }),
      () => ({ body: { status: 'ok' } }),
    );
    await expect(client.addManySpans(SPANS)).resolves.toEqual([SPANS[1]]);
  });

  it('does not cache a failed capability question', async () => {
    let healthy = false;
    const { client, server } = await setup(batchAnswers, () =>
      healthy ? BATCH_HEALTH : { status: 503, body: { detail: 'starting' } },
    );
    await expect(client.addManySpans(SPANS)).rejects.toThrow();
    healthy = true;
    await expect(client.addManySpans(SPANS)).resolves.toEqual(SPANS);
    expect(server.calls().map((r) => r.path)).toEqual(['/v1/agl/spans/batch']);
  });

  it('returns the spans the server reports stored, in its order, and rejects a bad index', async () => {
    const { client } = await setup(
      (request) =>
        request.path === BATCH_ROUTES.addSpans.path
          ? { status: 201, body: { stored: [1] } }
          : { status: 404, body: { detail: 'Not Found' } },
      () => BATCH_HEALTH,
    );
    await expect(client.addManySpans(SPANS)).resolves.toEqual([SPANS[1]]);
    const { client: broken } = await setup(
      () => ({ status: 201, body: { stored: [7] } }),
      () => BATCH_HEALTH,
    );
    await expect(broken.addManySpans(SPANS)).rejects.toBeInstanceOf(ProtocolError);
  });

  it('rejects a batch answer with the wrong number of ids', async () => {
    const { client } = await setup(batchAnswers, () => BATCH_HEALTH);
    await expect(client.getManySpanSequenceIds([['ro-a', 'at-1']])).rejects.toBeInstanceOf(
      ProtocolError,
    );
  });

  it('sends nothing for empty inputs', async () => {
    const { client, server } = await setup(batchAnswers, () => BATCH_HEALTH);
    await expect(client.addManySpans([])).resolves.toEqual([]);
    await expect(client.getManySpanSequenceIds([])).resolves.toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});
