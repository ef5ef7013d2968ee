import { type ChangeEvent, type ChangeFeed, EVENT_TOPICS, type EventTopic } from './feed';

/** Options of `createEventsHandler`. */
export interface EventsHandlerOptions {
  /** Most concurrent streams (default 64); more answer 503. */
  maxStreams?: number;
  /** Unsent events after which a stream's backlog is dropped for a `reset` (default 1,000). */
  maxBacklog?: number;
  /** Seconds between `: ping` comments (default 15). */
  pingSeconds?: number;
  /** Capabilities listed in each stream's `hello` event. */
  capabilities: () => Record<string, boolean>;
  /** Ends every stream at once when aborted (server shutdown). */
  shutdownSignal?: AbortSignal | undefined;
  /** Called once per ended stream (the request log line). */
  onEnd?: (events: number) => void;
}

const encoder = new TextEncoder();

function frame(event: ChangeEvent): string {
  return `id: ${event.id}\nevent: ${event.topic}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

function parseTopics(value: string | null): Set<EventTopic> {
  if (!value) return new Set(EVENT_TOPICS.filter((t) => t !== 'spans'));
  return new Set(
    value
      .split(',')
      .map((t) => t.trim())
      .filter((t): t is EventTopic => (EVENT_TOPICS as readonly string[]).includes(t)),
  );
}

/**
 * The `GET /v1/agl/events` handler: a server-sent event stream of change
 * hints (`hello` first, then `rollout`, `attempt`, `spans`, `resources`,
 * `worker`, and `reset` when the client must refetch everything), resumable
 * with `Last-Event-ID` while the events are still buffered.
 *
 * @param feed - the process's change feed
 * @param options - limits, capabilities and shutdown signal
 * @returns a web-standard request handler
 */
export function createEventsHandler(
  feed: ChangeFeed,
  options: EventsHandlerOptions,
): (request: Request) => Response {
  const maxStreams = options.maxStreams ?? 64;
  const maxBacklog = options.maxBacklog ?? 1000;
  const pingMs = (options.pingSeconds ?? 15) * 1000;
  const open = new Set<() => void>();
  options.shutdownSignal?.addEventListener('abort', () => {
    for (const close of [...open]) close();
  });
  return (request: Request): Response => {
    if (open.size >= maxStreams || options.shutdownSignal?.aborted) {
      return new Response(JSON.stringify({ detail: 'Too many event streams' }), {
        status: 503,
        headers: { 'content-type': 'application/json' },
      });
    }
    const url = new URL(request.url);
    const topics = parseTopics(url.searchParams.get('topics'));
    const rolloutIds = new Set(url.searchParams.getAll('rollout_id').slice(0, 20));
    const wanted = (event: ChangeEvent) =>
      topics.has(event.topic) &&
      (event.topic !== 'spans' ||
        rolloutIds.size === 0 ||
        rolloutIds.has(String(event.data.rollout_id)));
    const lastId = request.headers.get('last-event-id');
    let close: () => void = () => {};
    let sent = 0;
    // Set when events were dropped for a full backlog; the `reset` follows as soon
    // as the client has read enough to make room, even if no further event comes.
    let overflowing = false;
    let closed = false;
    const reset = (controller: ReadableStreamDefaultController<Uint8Array>) => {
      overflowing = false;
      controller.enqueue(
        encoder.encode(`event: reset\ndata: ${JSON.stringify({ reason: 'overflow' })}\n\n`),
      );
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          const write = (text: string) => controller.enqueue(encoder.encode(text));
          write('retry: 3000\n\n');
          write(
            `event: hello\ndata: ${JSON.stringify({ server_time: Date.now() / 1000, epoch: feed.epoch, capabilities: options.capabilities() })}\n\n`,
          );
          if (lastId) {
            const missed = feed.since(lastId);
            if (missed === null) {
              const reason = lastId.split('-')[0] === feed.epoch ? 'resume_gap' : 'epoch';
              write(`event: reset\ndata: ${JSON.stringify({ reason })}\n\n`);
            } else for (const event of missed.filter(wanted)) write(frame(event));
          }
          const unsubscribe = feed.subscribe((event) => {
            if (closed || !wanted(event)) return;
            if ((controller.desiredSize ?? 1) <= 0) {
              // The client stopped reading: drop what it would have got and tell it to refetch.
              overflowing = true;
              return;
            }
            if (overflowing) reset(controller);
            sent++;
            write(frame(event));
          });
          const ping = setInterval(() => write(': ping\n\n'), pingMs);
          ping.unref?.();
          close = () => {
            if (closed) return;
            closed = true;
            open.delete(close);
            unsubscribe();
            clearInterval(ping);
            try {
              controller.close();
            } catch {
              // Already closed by the client.
            }
            options.onEnd?.(sent);
          };
          open.add(close);
          request.signal.addEventListener('abort', () => close(), { once: true });
        },
        pull(controller) {
          if (overflowing && !closed) reset(controller);
        },
        cancel() {
          close();
        },
      },
      new CountQueuingStrategy({ highWaterMark: maxBacklog }),
    );
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      },
    });
  };
}
