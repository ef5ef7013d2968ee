import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed, createEventsHandler } from '../../src/index';
import { named, SseReader } from './sse-reader';

const open = () => new Request('http://127.0.0.1/v1/agl/events?topics=worker');

afterEach(() => {
  vi.useRealTimers();
});

describe('GET /v1/agl/events keeps idle streams alive', () => {
  it('writes a `: ping` comment every 15 s by default', async () => {
    // Only the interval is faked: reading the stream still runs on real promises.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const handler = createEventsHandler(new ChangeFeed(), { capabilities: () => ({}) });
    const reader = new SseReader(handler(open()).body);
    await reader.until((frames) => named(frames, 'hello').length === 1);
    vi.advanceTimersByTime(14_999);
    const early = await reader.until((frames) => frames.some((f) => f.comment === 'ping'), 100);
    expect(early.filter((f) => f.comment === 'ping')).toEqual([]);
    vi.advanceTimersByTime(1);
    const frames = await reader.until((f) => f.some((frame) => frame.comment === 'ping'));
    expect(frames.filter((f) => f.comment === 'ping')).toHaveLength(1);
    vi.advanceTimersByTime(15_000);
    const later = await reader.until(
      (f) => f.filter((frame) => frame.comment === 'ping').length === 2,
    );
    expect(later.filter((f) => f.comment === 'ping')).toHaveLength(2);
    await reader.cancel();
  });

  it('pings at the injected interval, between events', async () => {
    const feed = new ChangeFeed();
    const handler = createEventsHandler(feed, { capabilities: () => ({}), pingSeconds: 0.05 });
    const reader = new SseReader(handler(open()).body);
    await reader.until((frames) => named(frames, 'hello').length === 1);
    feed.publish('worker', { worker_id: 'w1', status: 'idle' });
    const frames = await reader.until(
      (f) => f.filter((frame) => frame.comment === 'ping').length >= 2,
      2000,
    );
    expect(frames.filter((f) => f.comment === 'ping').length).toBeGreaterThanOrEqual(2);
    expect(named(frames).map((f) => f.event)).toEqual(['hello', 'worker']);
    await reader.cancel();
  });
});

describe('GET /v1/agl/events with a client that stops reading', () => {
  it('drops what does not fit in 1,000 pending events and sends `reset` (overflow) once it reads again', async () => {
    const feed = new ChangeFeed();
    const handler = createEventsHandler(feed, { capabilities: () => ({}) });
    const response = handler(open());
    // Nothing is read while 1,200 events are published.
    for (let i = 1; i <= 1200; i++) feed.publish('worker', { worker_id: `w${i}`, status: 'busy' });
    const reader = new SseReader(response.body);
    const frames = await reader.until((f) => named(f, 'reset').length === 1);
    const workers = named(frames, 'worker').map((f) => f.data?.worker_id);
    // The queue held `retry` and `hello`, then 998 events: those arrive, the rest is dropped.
    expect(workers).toHaveLength(998);
    expect(workers[0]).toBe('w1');
    expect(workers.at(-1)).toBe('w998');
    expect(named(frames).at(-1)).toMatchObject({ event: 'reset', data: { reason: 'overflow' } });
    // The reset came without waiting for another event; the next one follows it normally.
    feed.publish('worker', { worker_id: 'after', status: 'idle' });
    const more = await reader.until((f) => f.some((frame) => frame.data?.worker_id === 'after'));
    expect(
      named(more)
        .slice(-2)
        .map((f) => f.event),
    ).toEqual(['reset', 'worker']);
    expect(named(more, 'reset')).toHaveLength(1);
    await reader.cancel();
  });

  it('a reader that keeps up never gets a reset', async () => {
    const feed = new ChangeFeed();
    const handler = createEventsHandler(feed, { capabilities: () => ({}), maxBacklog: 10 });
    const reader = new SseReader(handler(open()).body);
    for (let i = 1; i <= 50; i++) {
      feed.publish('worker', { worker_id: `w${i}`, status: 'busy' });
      await reader.until((f) => named(f, 'worker').length === i);
    }
    const frames = await reader.until(() => true);
    expect(named(frames, 'worker')).toHaveLength(50);
    expect(named(frames, 'reset')).toEqual([]);
    await reader.cancel();
  });
});
