import { Agent, request as httpRequest } from 'node:http';
import type { LightningStore, WaitOptions } from '@agl/store-core';
import {
  AddressInUseError,
  InvalidArgumentError,
  InvalidStateError,
  silentLogger,
} from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Rollout } from '@agl/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LightningStoreServer } from '../src/server';
import { httpCall } from './helpers';

const servers: LightningStoreServer[] = [];
const stores: LightningStore[] = [];

function newStore(): InMemoryLightningStore {
  const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
  stores.push(store);
  return store;
}

async function started(store: LightningStore = newStore(), host?: string) {
  const server = new LightningStoreServer({
    store,
    port: 0,
    logger: silentLogger,
    ...(host ? { host } : {}),
  });
  servers.push(server);
  await server.start();
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** Sends a chunked POST over a raw HTTP/1.1 request and reads the answer. */
function chunkedPost(endpoint: string, path: string, chunks: string[]) {
  return new Promise<{ status: number; body: string; connection: string | undefined }>(
    (resolve, reject) => {
      const req = httpRequest(`${endpoint}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }),
        );
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    },
  );
}

describe('request bodies over a real socket', () => {
  async function limited() {
    const server = new LightningStoreServer({
      store: newStore(),
      port: 0,
      logger: silentLogger,
      maxBodyBytes: 1024,
    });
    servers.push(server);
    await server.start();
    return server;
  }

  it('reads a body sent in chunks', async () => {
    const server = await limited();
    const body = JSON.stringify({ input: { text: 'y'.repeat(500) } });
    const reply = await chunkedPost(server.endpoint, '/v1/agl/rollouts', [
      body.slice(0, 100),
      body.slice(100, 300),
      body.slice(300),
    ]);
    expect(reply.status).toBe(201);
    expect(JSON.parse(reply.body).input).toEqual({ text: 'y'.repeat(500) });
  });

  it('answers 413 and closes the connection for a chunked body over the limit', async () => {
    const server = await limited();
    const reply = await chunkedPost(server.endpoint, '/v1/agl/rollouts', [
      '{"input": "',
      'z'.repeat(800),
      'z'.repeat(800),
      '"}',
    ]);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).detail).toMatch(/1024 bytes/);
    expect(reply.connection).toBe('close');
    expect((await server.store.statistics()).total_rollouts).toBe(0);
  });

  it('answers 413 for a declared length over the limit without reading the body', async () => {
    const server = await limited();
    const reply = await httpCall(server.endpoint, 'POST', '/v1/agl/rollouts', {
      json: { input: 'x'.repeat(2000) },
    });
    expect(reply.status).toBe(413);
  });
});

describe('LightningStoreServer', () => {
  it('listens on a free port when asked for 0 and advertises http://127.0.0.1:<port>', async () => {
    const server = await started();
    expect(server.port).toBeGreaterThan(0);
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    const reply = await httpCall(server.endpoint, 'GET', '/v1/agl/health');
    expect(reply.body.status).toBe('ok');
  });

  it('advertises an outbound IPv4 address (or 127.0.0.1) when bound to 0.0.0.0', async () => {
    const server = await started(undefined, '0.0.0.0');
    expect(server.endpoint).toMatch(
      new RegExp(`^http://\\d+\\.\\d+\\.\\d+\\.\\d+:${server.port}$`),
    );
    expect(server.endpoint).not.toContain('0.0.0.0');
    expect((await httpCall(server.endpoint, 'GET', '/v1/agl/health')).status).toBe(200);
  });

  it('keeps idle connections 30 s, with a header timeout above that', async () => {
    const server = await started();
    expect(server.httpServer?.keepAliveTimeout).toBe(30_000);
    expect(server.httpServer?.headersTimeout).toBeGreaterThan(30_000);
  });

  it('takes the keep-alive timeout in seconds, and the deprecated milliseconds alias', async () => {
    const inSeconds = new LightningStoreServer({
      store: newStore(),
      port: 0,
      logger: silentLogger,
      keepAliveTimeoutSeconds: 12,
    });
    const inMs = new LightningStoreServer({
      store: newStore(),
      port: 0,
      logger: silentLogger,
      keepAliveTimeoutMs: 7000,
    });
    servers.push(inSeconds, inMs);
    await inSeconds.start();
    await inMs.start();
    expect(inSeconds.httpServer?.keepAliveTimeout).toBe(12_000);
    expect(inSeconds.httpServer?.headersTimeout).toBe(17_000);
    expect(inMs.httpServer?.keepAliveTimeout).toBe(7000);
  });

  it('refuses a timeout under both names with different values, and takes them when equal', () => {
    const base = { store: newStore(), port: 0, logger: silentLogger };
    const both = () =>
      new LightningStoreServer({ ...base, keepAliveTimeoutSeconds: 12, keepAliveTimeoutMs: 7000 });
    expect(both).toThrow(InvalidArgumentError);
    expect(both).toThrow(
      /keepAliveTimeoutSeconds \(12\) and its deprecated alias keepAliveTimeoutMs/,
    );
    expect(
      () =>
        new LightningStoreServer({ ...base, shutdownTimeoutSeconds: 1, shutdownTimeoutMs: 2000 }),
    ).toThrow(/shutdownTimeoutSeconds.*shutdownTimeoutMs/);
    expect(
      () =>
        new LightningStoreServer({ ...base, shutdownTimeoutSeconds: 2, shutdownTimeoutMs: 2000 }),
    ).not.toThrow();
  });

  it('refuses a taken port with EADDRINUSE naming host:port', async () => {
    const first = await started();
    const second = new LightningStoreServer({
      store: newStore(),
      port: first.port,
      logger: silentLogger,
    });
    const error = await second.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AddressInUseError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', osCode: 'EADDRINUSE' });
    expect((error as Error).message).toContain(`127.0.0.1:${first.port}`);
    expect((error as Error).message).toContain('address already in use');
    expect(() => second.port).toThrow(InvalidStateError);
  });

  it('refuses port and endpoint before start, and a second start', async () => {
    const server = new LightningStoreServer({ store: newStore(), port: 0, logger: silentLogger });
    servers.push(server);
    expect(() => server.port).toThrow(InvalidStateError);
    expect(() => server.endpoint).toThrow('The server has not been started');
    await server.start();
    const again = await server.start().catch((e: unknown) => e);
    expect(again).toBeInstanceOf(InvalidStateError);
    expect((again as Error).message).toBe('The server was already started');
  });

  it('serves real requests: 201 JSON, null bodies with a JSON content type', async () => {
    const server = await started();
    const created = await httpCall(server.endpoint, 'POST', '/v1/agl/rollouts', {
      json: { input: 1 },
    });
    expect(created.status).toBe(201);
    const missing = await httpCall(server.endpoint, 'GET', '/v1/agl/workers/nobody');
    expect([missing.status, missing.text, missing.headers.get('content-type')]).toEqual([
      200,
      'null',
      'application/json',
    ]);
    const slash = await httpCall(server.endpoint, 'GET', '/v1/agl/rollouts/');
    expect(slash.status).toBe(307);
    expect(slash.headers.get('location')).toBe(`${server.endpoint}/v1/agl/rollouts`);
  });

  it('stops gracefully: an in-flight request finishes before stop() resolves', async () => {
    const store = newStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'statistics')
          return async () => {
            entered();
            await gate;
            return target.statistics();
          };
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const server = await started(slow);
    const inFlight = httpCall(server.endpoint, 'GET', '/v1/agl/statistics');
    await inside;
    let stopped = false;
    const stopping = server.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    await expect(httpCall(server.endpoint, 'GET', '/v1/agl/health')).rejects.toThrow();
    release();
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.headers.get('connection')).toBe('close');
    await stopping;
    expect(stopped).toBe(true);
    expect(server.listening).toBe(false);
  });

  it('closes idle keep-alive connections on stop', async () => {
    const server = await started();
    const agent = new Agent({ keepAlive: true });
    const { closed } = await new Promise<{ closed: Promise<void> }>((resolve, reject) => {
      const req = httpRequest(`${server.endpoint}/v1/agl/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          const socket = req.socket;
          if (!socket) return reject(new Error('no socket'));
          resolve({ closed: new Promise<void>((done) => socket.once('close', () => done())) });
        });
      });
      req.on('error', reject);
      req.end();
    });
    await server.stop();
    await closed;
    agent.destroy();
  });
});

describe('long waits', () => {
  /** A memory store that records the options of every waitForRollouts call. */
  function spyStore() {
    const store = newStore();
    const calls: { options: WaitOptions | undefined; done: Promise<Rollout[]> }[] = [];
    const spy = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'waitForRollouts')
          return (ids: readonly string[], options?: WaitOptions) => {
            const done = target.waitForRollouts(ids, options);
            calls.push({ options, done });
            return done;
          };
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { store, spy, calls };
  }

  it('holds a wait without timeout until the rollout finishes (event-driven)', async () => {
    const { store, spy, calls } = spyStore();
    const server = await started(spy);
    const rollout = await store.startRollout('task');
    const waiting = httpCall(server.endpoint, 'POST', '/v1/agl/waits/rollouts', {
      json: { rollout_ids: [rollout.rollout_id], timeout: null },
    });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await store.updateAttempt(rollout.rollout_id, 'latest', { status: 'succeeded' });
    const reply = await waiting;
    expect(reply.body.map((r: Rollout) => [r.rollout_id, r.status])).toEqual([
      [rollout.rollout_id, 'succeeded'],
    ]);
  });

  it('ends the wait when the client disconnects', async () => {
    const { store, spy, calls } = spyStore();
    const server = await started(spy);
    const rollout = await store.startRollout('task');
    const controller = new AbortController();
    const waiting = httpCall(server.endpoint, 'POST', '/v1/agl/waits/rollouts', {
      json: { rollout_ids: [rollout.rollout_id] },
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.abort();
    await waiting;
    const [call] = calls;
    await expect(call?.done).resolves.toEqual([]);
    expect(call?.options?.signal?.aborted).toBe(true);
  });

  it('answers pending waits with what has finished when the server stops', async () => {
    const { store, spy, calls } = spyStore();
    const server = await started(spy);
    const done = await store.startRollout('done');
    const pending = await store.startRollout('pending');
    await store.updateAttempt(done.rollout_id, 'latest', { status: 'failed' });
    const waiting = httpCall(server.endpoint, 'POST', '/v1/agl/waits/rollouts', {
      json: { rollout_ids: [done.rollout_id, pending.rollout_id], timeout: null },
    });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await server.stop();
    const reply = await waiting;
    expect(reply.status).toBe(200);
    expect(reply.body.map((r: Rollout) => r.rollout_id)).toEqual([done.rollout_id]);
  });
});
