import { type LightningStore, NotFoundError, silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ingestTraceRequest,
  type OtlpKeyValue,
  type OtlpSpan,
  type OtlpTraceRequest,
} from '../../src/otlp';

const kv = (key: string, value: string): OtlpKeyValue => ({
  key,
  value: { kind: 'string', value },
});
const ids = (rolloutId: string, attemptId: string) => [
  kv('agentlightning.rollout_id', rolloutId),
  kv('agentlightning.attempt_id', attemptId),
];

function span(spanId: string, attributes: OtlpKeyValue[] = []): OtlpSpan {
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId,
    parentSpanId: '',
    traceState: '',
    name: `span-${spanId}`,
    kind: 1,
    startTimeUnixNano: 1767225620000000000n,
    endTimeUnixNano: 1767225621000000000n,
    attributes,
    events: [],
    links: [],
    status: { code: 0, message: '' },
    flags: 0,
  };
}

function request(...groups: [OtlpKeyValue[], OtlpSpan[]][]): OtlpTraceRequest {
  return {
    resourceSpans: groups.map(([resourceAttributes, spans]) => ({
      resourceAttributes,
      schemaUrl: '',
      scopeSpans: [{ scope: { name: '', version: '' }, spans }],
    })),
  };
}

const quiet = silentLogger;
let store: LightningStore;
let a: { rollout: string; attempt: string };
let b: { rollout: string; attempt: string };

beforeEach(async () => {
  store = new InMemoryLightningStore();
  const first = await store.startRollout('a');
  const second = await store.startRollout('b');
  a = { rollout: first.rollout_id, attempt: first.attempt.attempt_id };
  b = { rollout: second.rollout_id, attempt: second.attempt.attempt_id };
});
afterEach(async () => {
  await store.close();
});

const sequenceIds = async (rolloutId: string) =>
  (await store.querySpans(rolloutId)).items.map((s) => [s.span_id, s.sequence_id]);

describe('ingestTraceRequest', () => {
  it('allocates missing sequence ids in conversion order, consecutive per rollout', async () => {
    await store.getNextSpanSequenceId(b.rollout, b.attempt); // b's counter is now at 1
    const result = await ingestTraceRequest(
      store,
      request(
        [
          ids(a.rollout, a.attempt),
          [span('a1'), span('a2', [kv('agentlightning.span_sequence_id', '50')])],
        ],
        [ids(b.rollout, b.attempt), [span('b1')]],
        [ids(a.rollout, a.attempt), [span('a3')]],
      ),
      quiet,
    );
    expect(result).toEqual({ converted: 4, stored: 4, skipped: 0 });
    expect(await sequenceIds(a.rollout)).toEqual([
      ['00000000000000a1', 1],
      ['00000000000000a3', 2],
      ['00000000000000a2', 50],
    ]);
    expect(await sequenceIds(b.rollout)).toEqual([['00000000000000b1', 2]]);
  });

  it('heartbeats the attempts: they move to running', async () => {
    await ingestTraceRequest(store, request([ids(a.rollout, a.attempt), [span('a1')]]), quiet);
    expect((await store.getLatestAttempt(a.rollout))?.status).toBe('running');
    expect((await store.getLatestAttempt(b.rollout))?.status).toBe('preparing');
  });

  it('counts skipped spans and stores nothing when every span is skipped', async () => {
    const result = await ingestTraceRequest(store, request([[], [span('x1'), span('x2')]]), quiet);
    expect(result).toEqual({ converted: 0, stored: 0, skipped: 2 });
    expect((await store.querySpans(a.rollout)).total).toBe(0);
  });

  it('skips duplicates of stored spans silently', async () => {
    const payload = request([
      ids(a.rollout, a.attempt),
      [span('a1', [kv('agentlightning.span_sequence_id', '3')])],
    ]);
    await ingestTraceRequest(store, payload, quiet);
    const again = await ingestTraceRequest(store, payload, quiet);
    expect(again).toEqual({ converted: 1, stored: 0, skipped: 0 });
    expect((await store.querySpans(a.rollout)).total).toBe(1);
  });

  it('fails with the store error for an unknown rollout; groups stored earlier stay stored', async () => {
    const attempt = ingestTraceRequest(
      store,
      request(
        [ids(a.rollout, a.attempt), [span('a1')]],
        [ids('ro-000000000000', 'at-00000000'), [span('u1')]],
      ),
      quiet,
    );
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    expect(await sequenceIds(a.rollout)).toEqual([['00000000000000a1', 1]]);
  });
});
