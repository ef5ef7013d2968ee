import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChangeFeed,
  createEventsHandler,
  createStoreApp,
  LightningStoreServer,
} from '../src/index';

interface SseEvent {
  id?: string;
  event?: string;
  data?: Record<string, unknown>;
}

/** Reads server-sent events from a response body until `count` events arrived. */
async function readEvents(
  response: Response,
  count: number,
  timeoutMs = 5000,
): Promise<SseEvent[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (events.length < count && Date.now() < deadline) {
    const { value, done } = await Promise.race([
      reader.read(),
      new Promise<{ value: undefined; done: true }>((resolve) =>
        setTimeout(() => resolve({ value: undefined, done: true }), deadline - Date.now()),
      ),
    ]);
    if (done || !value) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event: SseEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
      }
      if (event.event) events.push(event);
      cut = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

const stores: InMemoryLightningStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function app(events = true) {
  const store = new InMemoryLightningStore();
  stores.push(store);
  return createStoreApp(store, { logger: silentLogger, events });
}

describe('GET /v1/agl/events', () => {
  it('is advertised in health only when enabled', async () => {
    const on = (await (await app(true).request('/v1/agl/health')).json()) as {
      capabilities: Record<string, unknown>;
    };
    const off = (await (await app(false).request('/v1/agl/health')).json()) as {
      capabilities: Record<string, unknown>;
    };
    expect(on.capabilities.events).toBe(true);
    expect(off.capabilities.events).toBeUndefined();
    expect((await app(false).request('/v1/agl/events')).status).toBe(404);
  });

  it('starts with hello and reports an enqueue after it is readable', async () => {
    const a = app();
    const response = await a.request('/v1/agl/events');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reading = readEvents(response, 2);
    const created = await a.request('/v1/agl/queues/rollouts/enqueue', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rollouts: [{ input: { task: 1 } }] }),
    });
    expect(created.status).toBe(201);
    const events = await reading;
    expect(events[0]?.event).toBe('hello');
    expect(events[1]?.event).toBe('rollout');
    expect(events[1]?.data).toMatchObject({ status: 'queuing', previous_status: null });
    const id = String(events[1]?.data?.rollout_id);
    const read = (await (await a.request(`/v1/agl/rollouts/${id}`)).json()) as { status: string };
    expect(read.status).toBe('queuing');
  });

  it('replays missed events after Last-Event-ID and resets for another epoch', async () => {
    const feed = new ChangeFeed();
    const handler = createEventsHandler(feed, { capabilities: () => ({ events: true }) });
    feed.publish('rollout', { rollout_id: 'ro-1', status: 'queuing', previous_status: null });
    feed.publish('rollout', { rollout_id: 'ro-2', status: 'queuing', previous_status: null });
    feed.publish('rollout', { rollout_id: 'ro-3', status: 'queuing', previous_status: null });
    const resumed = await readEvents(
      handler(
        new Request('http://x/v1/agl/events', { headers: { 'last-event-id': `${feed.epoch}-1` } }),
      ),
      3,
    );
    expect(resumed.map((e) => e.data?.rollout_id ?? e.event)).toEqual(['hello', 'ro-2', 'ro-3']);
    const other = await readEvents(
      handler(new Request('http://x/v1/agl/events', { headers: { 'last-event-id': 'other-1' } })),
      2,
    );
    expect(other[1]).toMatchObject({ event: 'reset', data: { reason: 'epoch' } });
  });

  it('sends a gap reset when the buffer lost the events', async () => {
    const feed = new ChangeFeed({ bufferSize: 2 });
    const handler = createEventsHandler(feed, { capabilities: () => ({}) });
    for (let i = 0; i < 5; i++) feed.publish('worker', { worker_id: `w${i}`, status: 'idle' });
    const events = await readEvents(
      handler(
        new Request('http://x/v1/agl/events', { headers: { 'last-event-id': `${feed.epoch}-1` } }),
      ),
      2,
    );
    expect(events[1]).toMatchObject({ event: 'reset', data: { reason: 'resume_gap' } });
  });

  it('filters topics and refuses streams beyond the limit', async () => {
    const feed = new ChangeFeed();
    const handler = createEventsHandler(feed, { capabilities: () => ({}), maxStreams: 1 });
    const first = handler(new Request('http://x/v1/agl/events?topics=worker'));
    expect(handler(new Request('http://x/v1/agl/events')).status).toBe(503);
    const reading = readEvents(first, 2);
    feed.publish('rollout', { rollout_id: 'ro-1' });
    feed.publish('worker', { worker_id: 'w1', status: 'busy' });
    const events = await reading;
    expect(events.map((e) => e.event)).toEqual(['hello', 'worker']);
  });

  it('ends open streams at once when the server stops', async () => {
    const store = new InMemoryLightningStore();
    stores.push(store);
    const server = new LightningStoreServer({ store, port: 0, logger: silentLogger, events: true });
    await server.start();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${server.endpoint}/v1/agl/events`)),
    );
    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    for (const response of responses) await response.body?.cancel();
  });
});
