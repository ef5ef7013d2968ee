import {
  InternalStoreError,
  InvalidArgumentError,
  NotFoundError,
  silentLogger,
  UnavailableError,
} from '@agl/store-core';
import { afterEach, describe, expect, it } from 'vitest';
import { LightningStoreClient, ProtocolError, type StoreClientOptions } from '../src';
import {
  type FakeHandler,
  type FakeReply,
  type FakeServer,
  startFakeServer,
} from './helpers/fake-server';

const STATS = '/v1/agl/statistics';
const HEALTH = '/v1/agl/health';
const FAST: StoreClientOptions = {
  retryDelaysSeconds: [0.01, 0.02, 0.03],
  healthRetryDelaysSeconds: [0.001, 0.002, 0.003],
  logger: silentLogger,
};

let server: FakeServer | undefined;
let client: LightningStoreClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** A server whose n-th call (0-based) gets `replies[n]` (the last one repeats). */
async function scripted(replies: FakeReply[], health?: FakeHandler) {
  let n = 0;
  server = await startFakeServer(() => replies[Math.min(n++, replies.length - 1)] ?? {}, health);
  return server;
}

function connect(options: StoreClientOptions = FAST): LightningStoreClient {
  if (!server) throw new Error('no server');
  client = new LightningStoreClient(server.url, options);
  return client;
}

const ok = { body: { name: 'Fake' } };
const fail500 = {
  status: 500,
  body: { detail: 'Internal server error', error_type: 'ValueError' },
};

describe('retries (the reference client schedule and failure classes)', () => {
  it('retries a 500 and returns the later success, probing health in between', async () => {
    await scripted([fail500, ok]);
    await expect(connect().statistics()).resolves.toEqual({ name: 'Fake' });
    expect(server?.sequence()).toEqual([`GET ${STATS}`, `GET ${HEALTH}`, `GET ${STATS}`]);
  });

  it('sends a persistently failing call 1 + retryDelays times, probing after every failure', async () => {
    await scripted([fail500]);
    const error = await connect()
      .statistics()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalStoreError);
    expect((error as InternalStoreError).pythonType).toBe('ValueError');
    expect(server?.sequence()).toEqual(
      Array.from({ length: 4 }, () => [`GET ${STATS}`, `GET ${HEALTH}`]).flat(),
    );
  });

  it('uses the reference schedule of three retries by default', () => {
    const fresh = new LightningStoreClient('http://127.0.0.1:1', { logger: silentLogger });
    expect(fresh.config.retryDelaysSeconds).toEqual([1, 2, 5]);
    expect(fresh.config.healthRetryDelaysSeconds).toEqual([0.1, 0.2, 0.5]);
  });

  it.each([
    [400, InvalidArgumentError],
    [403, InvalidArgumentError],
    [404, NotFoundError],
    [422, InvalidArgumentError],
  ])('throws %i after exactly one send, without probing', async (status, errorClass) => {
    await scripted([{ status, body: { detail: `status ${status}` } }, ok]);
    const error = await connect()
      .statistics()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toBe(`status ${status}`);
    expect(server?.sequence()).toEqual([`GET ${STATS}`]);
  });

  it.each([408, 502, 503, 504])('retries %i', async (status) => {
    await scripted([{ status, body: { detail: 'later' } }, ok]);
    await expect(connect().statistics()).resolves.toEqual({ name: 'Fake' });
    expect(server?.calls()).toHaveLength(2);
  });

  it('maps 408/502/504 that persist to UnavailableError', async () => {
    await scripted([{ status: 502, raw: '<html>Bad Gateway</html>', contentType: 'text/html' }]);
    const error = await connect({ ...FAST, retryDelaysSeconds: [] })
      .statistics()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain('HTTP 502');
  });

  it('stops retrying when the health probe fails', async () => {
    await scripted([fail500, ok], () => ({ status: 503, body: { detail: 'down' } }));
    await expect(connect().statistics()).rejects.toBeInstanceOf(InternalStoreError);
    // one send, then len(healthRetryDelays) + 1 = 4 probes, then give up
    expect(server?.sequence()).toEqual([`GET ${STATS}`, ...Array(4).fill(`GET ${HEALTH}`)]);
  });

  it('counts a dropped health connection as a failed probe', async () => {
    await scripted([fail500, ok], () => ({ destroy: true }));
    await expect(
      connect({ ...FAST, healthRetryDelaysSeconds: [0.001] }).statistics(),
    ).rejects.toBeInstanceOf(InternalStoreError);
    expect(server?.sequence()).toEqual([`GET ${STATS}`, `GET ${HEALTH}`, `GET ${HEALTH}`]);
  });

  it('sends once with empty retryDelaysSeconds, and still probes once after the failure', async () => {
    await scripted([fail500, ok]);
    await expect(connect({ ...FAST, retryDelaysSeconds: [] }).statistics()).rejects.toBeInstanceOf(
      InternalStoreError,
    );
    expect(server?.sequence()).toEqual([`GET ${STATS}`, `GET ${HEALTH}`]);
  });

  it('never calls /health with empty healthRetryDelaysSeconds', async () => {
    await scripted([fail500, fail500, ok]);
    await expect(connect({ ...FAST, healthRetryDelaysSeconds: [] }).statistics()).resolves.toEqual({
      name: 'Fake',
    });
    expect(server?.sequence()).toEqual([`GET ${STATS}`, `GET ${STATS}`, `GET ${STATS}`]);
  });

  it('follows a custom schedule: as many sends as delays + 1', async () => {
    await scripted([fail500]);
    await expect(
      connect({
        ...FAST,
        retryDelaysSeconds: [0.005, 0.005, 0.005, 0.005, 0.005],
        healthRetryDelaysSeconds: [],
      }).statistics(),
    ).rejects.toBeInstanceOf(InternalStoreError);
    expect(server?.calls()).toHaveLength(6);
  });

  it('retries a dropped connection and then throws UnavailableError', async () => {
    await scripted([{ destroy: true }]);
    const error = await connect({ ...FAST, healthRetryDelaysSeconds: [] })
      .statistics()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(server?.calls()).toHaveLength(4);
  });

  it('retries a read timeout', async () => {
    await scripted([{ ...ok, delayMs: 5_000 }, ok]);
    const fast = { ...FAST, healthRetryDelaysSeconds: [], requestTimeoutSeconds: 0.2 };
    await expect(connect(fast).statistics()).resolves.toEqual({ name: 'Fake' });
    expect(server?.calls()).toHaveLength(2);
  });

  it('throws UnavailableError with the cause when the connection is refused', async () => {
    const closed = await startFakeServer(() => ok);
    const url = closed.url;
    await closed.close();
    client = new LightningStoreClient(url, { ...FAST, healthRetryDelaysSeconds: [] });
    const error = await client.statistics().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).cause).toBeDefined();
  });

  it('treats a non-JSON 2xx as a protocol error: thrown at once, not retried', async () => {
    await scripted([{ raw: '<html>hello</html>', contentType: 'text/html' }, ok]);
    const error = await connect()
      .statistics()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).contentType).toBe('text/html');
    expect(server?.sequence()).toEqual([`GET ${STATS}`]);
  });

  it('treats malformed JSON and a wrong shape as protocol errors', async () => {
    await scripted([{ raw: '{"name": ' }, { body: { total: 1 } }]);
    await expect(connect().statistics()).rejects.toBeInstanceOf(ProtocolError);
    await expect(connect().statistics()).rejects.toThrow(/unexpected shape/);
    expect(server?.calls()).toHaveLength(2);
  });
});

describe('idempotency keys (DECISIONS 8)', () => {
  const rollout = {
    rollout_id: 'ro-1',
    input: 1,
    start_time: 1,
    status: 'preparing',
    attempt: { rollout_id: 'ro-1', attempt_id: 'at-1', sequence_id: 1, start_time: 1 },
  };

  it('reuses one key across the retries of a call and uses a new key for the next call', async () => {
    await scripted([
      fail500,
      fail500,
      { status: 201, body: rollout },
      { status: 201, body: rollout },
    ]);
    const store = connect({ ...FAST, healthRetryDelaysSeconds: [] });
    await store.startRollout(1);
    await store.startRollout(1);
    const keys = (server?.calls() ?? []).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(4);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it('sends no key on reads and updates', async () => {
    await scripted([ok]);
    await connect().statistics();
    expect(server?.calls()[0]?.headers['idempotency-key']).toBeUndefined();
  });
});
