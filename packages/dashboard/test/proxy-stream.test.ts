import type { Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { createStoreApp } from '@agl/store-server';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SseEvent, SseParser } from '../src/core/sse';
import { createStoreProxy } from '../src/server/proxy';

// The event stream must pass through `agl dashboard`'s proxy as it is written,
// not when it ends (it never ends): each event is read here while the stream
// is still open, so a buffering proxy would hang this test.

const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
const upstream = createStoreApp(store, { logger: silentLogger, events: true });
let server: ReturnType<typeof serve>;
let root = '';

beforeAll(async () => {
  server = serve({ fetch: upstream.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  // The proxied stream's upstream connection may still be closing: do not wait for it.
  const closed = new Promise((resolve) => server.close(resolve));
  (server as Server).closeAllConnections();
  await closed;
  await store.close();
});

/** Reads events from an open stream until `count` have arrived. */
async function nextEvents(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  parser: SseParser,
  count: number,
): Promise<SseEvent[]> {
  const decoder = new TextDecoder();
  const out: SseEvent[] = [];
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended');
    out.push(...parser.push(decoder.decode(value, { stream: true })));
  }
  return out;
}

describe('event stream through the read-only proxy', () => {
  it('delivers hello, then a change made while the stream is open', async () => {
    const proxy = createStoreProxy({ store: root });
    const abort = new AbortController();
    const response = (await proxy.fetch(
      new Request('http://d/v1/agl/events', {
        headers: { accept: 'text/event-stream' },
        signal: abort.signal,
      }),
    )) as Response;
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const parser = new SseParser();
      // The first event comes through on its own, while the stream is open and before the
      // store has produced anything else (no change yet, no keep-alive): nothing held it back.
      const first = await nextEvents(reader, parser, 1);
      expect(first.map((e) => e.event)).toEqual(['hello']);

      const created = await fetch(`${root}/v1/agl/queues/rollouts/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rollouts: [{ input: { task: 'through the proxy' } }] }),
      });
      expect(created.status).toBe(201);
      const [rollout] = (await created.json()) as { rollout_id: string }[];
      let change: SseEvent | undefined;
      while (!change)
        change = (await nextEvents(reader, parser, 1)).find((e) => e.event !== 'ping');
      expect(change.event).toBe('rollout');
      expect(JSON.parse(change.data)).toMatchObject({
        rollout_id: rollout?.rollout_id,
        status: 'queuing',
        previous_status: null,
      });
      // Resuming needs the event ids: they pass through too.
      expect(parser.lastEventId).not.toBe('');
      await reader.cancel();
    } finally {
      abort.abort();
    }
  });
});

describe('proxy started before its store', () => {
  it('answers 502 "Store unreachable" and then serves once the store is up, without a restart', async () => {
    // A port that was free a moment ago: nothing listens there yet.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const later = `http://127.0.0.1:${port}`;
    const proxy = createStoreProxy({ store: later });

    const down = (await proxy.fetch(new Request('http://d/v1/agl/health'))) as Response;
    expect(down.status).toBe(502);
    const detail = ((await down.json()) as { detail: string }).detail;
    expect(detail.startsWith(`Store unreachable at ${later}: `)).toBe(true);

    const late = serve({ fetch: upstream.fetch, port, hostname: '127.0.0.1' });
    await new Promise((resolve) => late.once('listening', resolve));
    try {
      const up = (await proxy.fetch(new Request('http://d/v1/agl/health'))) as Response;
      expect(up.status).toBe(200);
      expect(((await up.json()) as { status: string }).status).toBe('ok');
    } finally {
      await new Promise((resolve) => late.close(resolve));
    }
  });
});

describe('a browser closing the proxied event stream', () => {
  it('ends the stream without an error logged by the server', async () => {
    const proxy = createStoreProxy({ store: root });
    const front = serve({
      fetch: async (request) => (await proxy.fetch(request)) ?? new Response(null, { status: 404 }),
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise((resolve) => front.once('listening', resolve));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const port = (front.address() as AddressInfo).port;
      const abort = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/v1/agl/events`, {
        headers: { accept: 'text/event-stream' },
        signal: abort.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      expect((await nextEvents(reader, new SseParser(), 1))[0]?.event).toBe('hello');
      abort.abort();
      // The upstream teardown happens on the server's next turns; give it time to surface.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([]);
    } finally {
      errors.mockRestore();
      (front as Server).closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
    }
  });
});
