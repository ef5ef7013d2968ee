import { SseParser } from '../../core/sse';
import { noteUnauthorized } from './api';

/** What the live module needs of an event stream (`EventSource` has it too). */
export interface HintStream {
  addEventListener(name: string, listener: () => void): void;
  onerror: ((event: Event) => void) | null;
  /** `EventSource.CLOSED` (2) once the browser gave up and will not reconnect by itself. */
  readonly readyState?: number;
  close(): void;
}

/**
 * An event stream read with `fetch`, for stores that require an access key:
 * unlike `EventSource`, it can send the key as a header. Like `EventSource`,
 * it reconnects after the server's `retry` delay with `Last-Event-ID` and
 * reports every lost connection through `onerror`.
 */
export class FetchEventStream implements HintStream {
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, Set<() => void>>();
  private controller: AbortController | null = null;
  private closed = false;
  private lastEventId = '';
  private retryMs = 3000;

  constructor(
    private readonly url: string,
    private readonly headers: () => Record<string, string>,
    private readonly credentials: RequestCredentials,
  ) {
    void this.run();
  }

  addEventListener(name: string, listener: () => void): void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
  }

  close(): void {
    this.closed = true;
    this.controller?.abort();
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        await this.readOnce();
      } catch {
        // A refused or broken connection: reported below, then retried.
      }
      if (this.closed) return;
      this.onerror?.(new Event('error'));
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
    }
  }

  private async readOnce(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const headers: Record<string, string> = { ...this.headers(), accept: 'text/event-stream' };
    if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
    const response = await fetch(this.url, {
      headers,
      credentials: this.credentials,
      cache: 'no-store',
      signal: controller.signal,
    });
    if (!response.ok || !response.body) {
      noteUnauthorized(response.status);
      await response.body?.cancel();
      return;
    }
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const event of parser.push(value)) {
        this.lastEventId = event.lastEventId;
        for (const listener of this.listeners.get(event.event) ?? []) listener();
      }
      if (parser.retryMs !== null) this.retryMs = parser.retryMs;
    }
  }
}
